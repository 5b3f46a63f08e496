package io.countersign.notifier.email;

import java.io.ByteArrayOutputStream;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.countersign.notifier.DeliveryFailure;
import io.smallrye.mutiny.Uni;

/**
 * Mailgun {@code POST /v3/<domain>/messages}, multipart/form-data, basic authentication as {@code api} with the
 * API key. Success is 200 with {@code {"id":"<...>","message":"Queued. Thank you."}}.
 */
public class MailgunEmailSender implements EmailSender {

    private static final SecureRandom RANDOM = new SecureRandom();

    private final ApiClient client;
    private final ObjectMapper json;
    private final String from;
    private final String url;
    private final String authorization;

    public MailgunEmailSender(EmailConfig config, ObjectMapper json) {
        this.client = new ApiClient("mailgun", config.timeout());
        this.json = json;
        this.from = MailAddress.parse(config.from()).formatted();
        this.url = Urls.trim(config.mailgun().baseUrl()) + "/v3/"
                + Urls.required(config.mailgun().domain(), "countersign.notifier.email.mailgun.domain") + "/messages";
        this.authorization = "Basic " + Base64.getEncoder().encodeToString(("api:"
                + Urls.required(config.mailgun().apiKey(), "countersign.notifier.email.mailgun.api-key")).getBytes(StandardCharsets.UTF_8));
    }

    @Override
    public Uni<String> send(RenderedEmail email, java.util.UUID notificationId) {
        String boundary = "countersign-" + HexFormat.of().formatHex(randomBytes());
        HttpRequest request = client.request(url)
                .header("Authorization", authorization)
                .header("Content-Type", "multipart/form-data; boundary=" + boundary)
                .POST(HttpRequest.BodyPublishers.ofByteArray(multipart(fields(email), boundary))).build();
        return client.send(request).map(response -> messageId(response.body()));
    }

    Map<String, String> fields(RenderedEmail email) {
        Map<String, String> fields = new LinkedHashMap<>();
        fields.put("from", from);
        fields.put("to", email.to());
        fields.put("subject", email.subject());
        fields.put("text", email.text());
        fields.put("html", email.html());
        return fields;
    }

    /** RFC 7578: one part per field, CRLF line ends, UTF-8 values. */
    static byte[] multipart(Map<String, String> fields, String boundary) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        fields.forEach((name, value) -> out.writeBytes(("--" + boundary + "\r\nContent-Disposition: form-data; name=\"" + name
                + "\"\r\nContent-Type: text/plain; charset=UTF-8\r\n\r\n" + value + "\r\n").getBytes(StandardCharsets.UTF_8)));
        out.writeBytes(("--" + boundary + "--\r\n").getBytes(StandardCharsets.UTF_8));
        return out.toByteArray();
    }

    private static byte[] randomBytes() {
        byte[] bytes = new byte[12];
        RANDOM.nextBytes(bytes);
        return bytes;
    }

    private String messageId(String body) {
        try {
            return json.readTree(body).path("id").asText("");
        } catch (JsonProcessingException e) {
            throw new DeliveryFailure("mailgun", "mailgun answered with an unreadable body");
        }
    }

    @Override
    public String transport() {
        return "mailgun";
    }
}
