package io.countersign.notifier.email;

import java.net.http.HttpRequest;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.countersign.notifier.PermanentFailure;
import io.smallrye.mutiny.Uni;

/**
 * SendGrid v3 {@code POST /v3/mail/send} with a bearer API key. SendGrid answers 202 Accepted with an empty
 * body and the message id in {@code X-Message-Id}: 202 is success.
 */
public class SendGridEmailSender implements EmailSender {

    private final ApiClient client;
    private final ObjectMapper json;
    private final MailAddress from;
    private final String url;
    private final String apiKey;

    public SendGridEmailSender(EmailConfig config, ObjectMapper json) {
        this.client = new ApiClient("sendgrid", config.timeout());
        this.json = json;
        this.from = MailAddress.parse(config.from());
        this.url = Urls.trim(config.sendgrid().baseUrl()) + "/v3/mail/send";
        this.apiKey = Urls.required(config.sendgrid().apiKey(), "countersign.notifier.email.sendgrid.api-key");
    }

    @Override
    public Uni<String> send(RenderedEmail email, java.util.UUID notificationId) {
        HttpRequest request = client.request(url)
                .header("Authorization", "Bearer " + apiKey)
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofByteArray(body(email))).build();
        return client.send(request).map(response -> response.headers().firstValue("X-Message-Id").orElse(""));
    }

    byte[] body(RenderedEmail email) {
        ObjectNode body = json.createObjectNode();
        body.putArray("personalizations").addObject().putArray("to").addObject().put("email", email.to());
        ObjectNode sender = body.putObject("from").put("email", from.address());
        if (from.name() != null) {
            sender.put("name", from.name());
        }
        body.put("subject", email.subject());
        // text/plain must come first, then text/html
        body.putArray("content")
                .add(json.createObjectNode().put("type", "text/plain").put("value", email.text()))
                .add(json.createObjectNode().put("type", "text/html").put("value", email.html()));
        try {
            return json.writeValueAsBytes(body);
        } catch (Exception e) {
            throw new PermanentFailure("cannot encode the SendGrid request");
        }
    }

    @Override
    public String transport() {
        return "sendgrid";
    }
}
