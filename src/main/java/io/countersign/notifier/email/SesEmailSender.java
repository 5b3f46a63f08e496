package io.countersign.notifier.email;

import java.net.URI;
import java.net.http.HttpRequest;
import java.time.Clock;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.countersign.notifier.DeliveryFailure;
import io.countersign.notifier.PermanentFailure;
import io.smallrye.mutiny.Uni;

/**
 * Amazon SES v2 {@code SendEmail} ({@code POST /v2/email/outbound-emails}), signed with AWS Signature
 * Version 4 (service {@code ses}). Success is 200 with {@code MessageId}; SES's 400s (MessageRejected, an
 * unverified sender, a bad address) are permanent, 429 (TooManyRequests, LimitExceeded) and 5xx retryable.
 */
public class SesEmailSender implements EmailSender {

    static final String PATH = "/v2/email/outbound-emails";

    private final ApiClient client;
    private final ObjectMapper json;
    private final EmailConfig.Ses config;
    private final String from;
    private final URI uri;
    private final SigV4 signer;
    private final Clock clock;

    public SesEmailSender(EmailConfig config, ObjectMapper json, Clock clock) {
        this.client = new ApiClient("ses", config.timeout());
        this.json = json;
        this.config = config.ses();
        this.from = MailAddress.parse(config.from()).formatted();
        this.uri = URI.create(Urls.trim(config.ses().endpoint().orElse("https://email." + config.ses().region() + ".amazonaws.com")) + PATH);
        this.signer = new SigV4(Urls.required(config.ses().accessKeyId(), "countersign.notifier.email.ses.access-key-id"),
                Urls.required(config.ses().secretAccessKey(), "countersign.notifier.email.ses.secret-access-key"),
                config.ses().region(), "ses");
        this.clock = clock;
    }

    @Override
    public Uni<String> send(RenderedEmail email, java.util.UUID notificationId) {
        byte[] body = body(email);
        Instant now = Instant.now(clock);
        Map<String, String> signed = signedHeaders(now);
        HttpRequest.Builder request = client.request(uri.toString());
        signed.forEach((name, value) -> {
            if (!name.equals("host")) {
                request.header(name, value);
            }
        });
        request.header("Authorization", signer.authorization("POST", uri, signed, body, now));
        return client.send(request.POST(HttpRequest.BodyPublishers.ofByteArray(body)).build())
                .map(response -> messageId(response.body()));
    }

    /** content-type, host (as the HTTP client sends it), x-amz-date and, for temporary credentials, the token. */
    Map<String, String> signedHeaders(Instant time) {
        Map<String, String> headers = new LinkedHashMap<>();
        headers.put("content-type", "application/json");
        int port = uri.getPort();
        boolean defaultPort = port == -1 || (port == 443 && "https".equals(uri.getScheme())) || (port == 80 && "http".equals(uri.getScheme()));
        headers.put("host", uri.getHost() + (defaultPort ? "" : ":" + port));
        headers.put("x-amz-date", SigV4.AMZ_DATE.format(time));
        config.sessionToken().filter(t -> !t.isBlank()).ifPresent(token -> headers.put("x-amz-security-token", token));
        return headers;
    }

    byte[] body(RenderedEmail email) {
        ObjectNode body = json.createObjectNode().put("FromEmailAddress", from);
        body.putObject("Destination").putArray("ToAddresses").add(email.to());
        ObjectNode simple = body.putObject("Content").putObject("Simple");
        simple.putObject("Subject").put("Data", email.subject()).put("Charset", "UTF-8");
        ObjectNode bodies = simple.putObject("Body");
        bodies.putObject("Text").put("Data", email.text()).put("Charset", "UTF-8");
        bodies.putObject("Html").put("Data", email.html()).put("Charset", "UTF-8");
        config.configurationSet().filter(s -> !s.isBlank()).ifPresent(set -> body.put("ConfigurationSetName", set));
        try {
            return json.writeValueAsBytes(body);
        } catch (JsonProcessingException e) {
            throw new PermanentFailure("cannot encode the SES request");
        }
    }

    private String messageId(String body) {
        try {
            return json.readTree(body).path("MessageId").asText("");
        } catch (JsonProcessingException e) {
            throw new DeliveryFailure("ses", "ses answered with an unreadable body");
        }
    }

    @Override
    public String transport() {
        return "ses";
    }
}
