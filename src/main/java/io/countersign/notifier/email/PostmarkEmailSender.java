package io.countersign.notifier.email;

import java.net.http.HttpRequest;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.countersign.notifier.DeliveryFailure;
import io.countersign.notifier.PermanentFailure;
import io.smallrye.mutiny.Uni;

/**
 * Postmark {@code POST /email} with the server token in {@code X-Postmark-Server-Token}. Success is 200 with
 * {@code ErrorCode} 0 and the {@code MessageID}; 422 (e.g. ErrorCode 300 invalid address, 406 inactive
 * recipient) is permanent.
 */
public class PostmarkEmailSender implements EmailSender {

    private final ApiClient client;
    private final ObjectMapper json;
    private final EmailConfig.Postmark config;
    private final String from;
    private final String url;
    private final String token;

    public PostmarkEmailSender(EmailConfig config, ObjectMapper json) {
        this.client = new ApiClient("postmark", config.timeout());
        this.json = json;
        this.config = config.postmark();
        this.from = MailAddress.parse(config.from()).formatted();
        this.url = Urls.trim(config.postmark().baseUrl()) + "/email";
        this.token = Urls.required(config.postmark().serverToken(), "countersign.notifier.email.postmark.server-token");
    }

    @Override
    public Uni<String> send(RenderedEmail email, java.util.UUID notificationId) {
        HttpRequest request = client.request(url)
                .header("Accept", "application/json")
                .header("Content-Type", "application/json")
                .header("X-Postmark-Server-Token", token)
                .POST(HttpRequest.BodyPublishers.ofByteArray(body(email))).build();
        return client.send(request).map(response -> messageId(response.body()));
    }

    byte[] body(RenderedEmail email) {
        ObjectNode body = json.createObjectNode()
                .put("From", from)
                .put("To", email.to())
                .put("Subject", email.subject())
                .put("HtmlBody", email.html())
                .put("TextBody", email.text())
                .put("MessageStream", config.messageStream());
        try {
            return json.writeValueAsBytes(body);
        } catch (Exception e) {
            throw new PermanentFailure("cannot encode the Postmark request");
        }
    }

    private String messageId(String body) {
        try {
            JsonNode answer = json.readTree(body);
            if (answer.path("ErrorCode").asInt(0) != 0) {
                throw new PermanentFailure("postmark answered ErrorCode " + answer.path("ErrorCode").asInt());
            }
            return answer.path("MessageID").asText("");
        } catch (JsonProcessingException e) {
            throw new DeliveryFailure("postmark", "postmark answered with an unreadable body");
        }
    }

    @Override
    public String transport() {
        return "postmark";
    }
}
