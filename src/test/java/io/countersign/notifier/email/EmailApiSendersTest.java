package io.countersign.notifier.email;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Base64;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

import org.eclipse.microprofile.config.spi.ConfigSource;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.ObjectMapper;

import io.countersign.notifier.DeliveryFailure;
import io.countersign.notifier.PermanentFailure;
import io.countersign.testing.HttpStub;
import io.countersign.testing.HttpStub.Answer;
import io.quarkus.runtime.configuration.DurationConverter;
import io.smallrye.config.PropertiesConfigSource;
import io.smallrye.config.SmallRyeConfigBuilder;

/**
 * Each e-mail API sender against a local stub of its provider, without Quarkus: the exact request (method,
 * path, headers with the authentication or signature, body), the message id taken from the answer, and the
 * classification of failures (4xx permanent; 401/403, 429, 5xx and timeouts retryable).
 */
class EmailApiSendersTest {

    private static final RenderedEmail EMAIL = new RenderedEmail("ada@example.com", "Reset your \"Countersign\" password",
            "<p>Hello Ada, <a href=\"https://x/pages/reset?token=s.v\">reset</a></p>", "Hello Ada,\nhttps://x/pages/reset?token=s.v\n", "en");
    private static final Duration WAIT = Duration.ofSeconds(10);

    private final HttpStub stub = new HttpStub();
    private final ObjectMapper json = new ObjectMapper();

    @AfterEach
    void stop() {
        stub.close();
    }

    @Test
    void sendGridPostsMailSendWithABearerKeyAndTakesA202AsSuccess() {
        stub.answer("/v3/mail/send", Answer.empty(202, Map.of("X-Message-Id", "W6A7sF0pQ0eh0wYq0Yy2Jg")));
        EmailSender sender = EmailSenderProducer.create(config("sendgrid", Map.of(
                "countersign.notifier.email.sendgrid.base-url", stub.baseUrl() + "/",
                "countersign.notifier.email.sendgrid.api-key", "SG.key")), null, json);

        String id = sender.send(EMAIL, java.util.UUID.randomUUID()).await().atMost(WAIT);

        assertThat(id).isEqualTo("W6A7sF0pQ0eh0wYq0Yy2Jg");
        HttpStub.Request request = stub.single();
        assertThat(request.method()).isEqualTo("POST");
        assertThat(request.path()).isEqualTo("/v3/mail/send");
        assertThat(request.header("Authorization")).isEqualTo("Bearer SG.key");
        assertThat(request.header("Content-Type")).isEqualTo("application/json");
        assertThat(request.text()).isEqualTo("{\"personalizations\":[{\"to\":[{\"email\":\"ada@example.com\"}]}],"
                + "\"from\":{\"email\":\"no-reply@example.org\",\"name\":\"Example Co\"},"
                + "\"subject\":\"Reset your \\\"Countersign\\\" password\","
                + "\"content\":[{\"type\":\"text/plain\",\"value\":\"Hello Ada,\\nhttps://x/pages/reset?token=s.v\\n\"},"
                + "{\"type\":\"text/html\",\"value\":\"<p>Hello Ada, <a href=\\\"https://x/pages/reset?token=s.v\\\">reset</a></p>\"}]}");
    }

    @Test
    void sendGridFailuresAreClassified() {
        EmailSender sender = EmailSenderProducer.create(config("sendgrid", Map.of(
                "countersign.notifier.email.sendgrid.base-url", stub.baseUrl(),
                "countersign.notifier.email.sendgrid.api-key", "SG.key")), null, json);
        stub.answer("/v3/mail/send", Answer.json(400,
                "{\"errors\":[{\"message\":\"Does not contain a valid address.\",\"field\":\"personalizations.0.to.0.email\",\"help\":null}]}"));
        assertThatThrownBy(() -> sender.send(EMAIL, java.util.UUID.randomUUID()).await().atMost(WAIT)).isInstanceOf(PermanentFailure.class)
                .hasMessage("sendgrid answered 400 (field personalizations.0.to.0.email)");
        for (int status : new int[] {429, 500, 503, 401, 403, 408}) {
            stub.answer("/v3/mail/send", Answer.json(status, "{\"errors\":[{\"message\":\"try later\"}]}"));
            assertThatThrownBy(() -> sender.send(EMAIL, java.util.UUID.randomUUID()).await().atMost(WAIT)).as("status " + status)
                    .isInstanceOf(DeliveryFailure.class).hasMessage("sendgrid answered " + status);
        }
    }

    @Test
    void postmarkPostsEmailWithTheServerTokenAndReadsTheMessageId() {
        stub.answer("/email", Answer.json(200, "{\"To\":\"ada@example.com\",\"SubmittedAt\":\"2014-02-17T07:25:01.4178645-05:00\","
                + "\"MessageID\":\"0a129aee-e1cd-480d-b08d-4f48548ff48d\",\"ErrorCode\":0,\"Message\":\"OK\"}"));
        EmailSender sender = EmailSenderProducer.create(config("postmark", Map.of(
                "countersign.notifier.email.postmark.base-url", stub.baseUrl(),
                "countersign.notifier.email.postmark.server-token", "server-token-1")), null, json);

        assertThat(sender.send(EMAIL, java.util.UUID.randomUUID()).await().atMost(WAIT)).isEqualTo("0a129aee-e1cd-480d-b08d-4f48548ff48d");

        HttpStub.Request request = stub.single();
        assertThat(request.method()).isEqualTo("POST");
        assertThat(request.path()).isEqualTo("/email");
        assertThat(request.header("X-Postmark-Server-Token")).isEqualTo("server-token-1");
        assertThat(request.header("Accept")).isEqualTo("application/json");
        assertThat(request.header("Content-Type")).isEqualTo("application/json");
        assertThat(request.text()).isEqualTo("{\"From\":\"\\\"Example Co\\\" <no-reply@example.org>\",\"To\":\"ada@example.com\","
                + "\"Subject\":\"Reset your \\\"Countersign\\\" password\","
                + "\"HtmlBody\":\"<p>Hello Ada, <a href=\\\"https://x/pages/reset?token=s.v\\\">reset</a></p>\","
                + "\"TextBody\":\"Hello Ada,\\nhttps://x/pages/reset?token=s.v\\n\",\"MessageStream\":\"outbound\"}");
    }

    @Test
    void postmarkRejectionsArePermanentOutagesRetryable() {
        EmailSender sender = EmailSenderProducer.create(config("postmark", Map.of(
                "countersign.notifier.email.postmark.base-url", stub.baseUrl(),
                "countersign.notifier.email.postmark.server-token", "t")), null, json);
        stub.answer("/email", Answer.json(422, "{\"ErrorCode\":406,\"Message\":\"You tried to send to a recipient that has been marked as inactive.\"}"));
        assertThatThrownBy(() -> sender.send(EMAIL, java.util.UUID.randomUUID()).await().atMost(WAIT)).isInstanceOf(PermanentFailure.class)
                .hasMessage("postmark answered 422 (ErrorCode 406)");
        stub.answer("/email", Answer.json(503, "{}"));
        assertThatThrownBy(() -> sender.send(EMAIL, java.util.UUID.randomUUID()).await().atMost(WAIT)).isInstanceOf(DeliveryFailure.class);
    }

    @Test
    void sesSendsASignedSendEmailRequest() throws Exception {
        stub.answer(SesEmailSender.PATH, Answer.json(200, "{\"MessageId\":\"0100018c8b2f1a2b-6f5e4d3c-ses\"}"));
        Instant now = Instant.parse("2026-12-01T08:24:00Z");
        EmailConfig config = config("ses", Map.of(
                "countersign.notifier.email.ses.endpoint", stub.baseUrl(),
                "countersign.notifier.email.ses.region", "eu-west-1",
                "countersign.notifier.email.ses.access-key-id", "AKIDEXAMPLE",
                "countersign.notifier.email.ses.secret-access-key", "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY",
                "countersign.notifier.email.ses.session-token", "session-token-1",
                "countersign.notifier.email.ses.configuration-set", "feedback"));
        EmailSender sender = new SesEmailSender(config, json, Clock.fixed(now, ZoneOffset.UTC));

        assertThat(sender.send(EMAIL, java.util.UUID.randomUUID()).await().atMost(WAIT)).isEqualTo("0100018c8b2f1a2b-6f5e4d3c-ses");

        HttpStub.Request request = stub.single();
        assertThat(request.method()).isEqualTo("POST");
        assertThat(request.path()).isEqualTo("/v2/email/outbound-emails");
        assertThat(request.header("Content-Type")).isEqualTo("application/json");
        assertThat(request.header("X-Amz-Date")).isEqualTo("20261201T082400Z");
        assertThat(request.header("X-Amz-Security-Token")).isEqualTo("session-token-1");
        assertThat(request.header("Host")).isEqualTo("127.0.0.1:" + stub.port());
        assertThat(request.text()).isEqualTo("{\"FromEmailAddress\":\"\\\"Example Co\\\" <no-reply@example.org>\","
                + "\"Destination\":{\"ToAddresses\":[\"ada@example.com\"]},"
                + "\"Content\":{\"Simple\":{\"Subject\":{\"Data\":\"Reset your \\\"Countersign\\\" password\",\"Charset\":\"UTF-8\"},"
                + "\"Body\":{\"Text\":{\"Data\":\"Hello Ada,\\nhttps://x/pages/reset?token=s.v\\n\",\"Charset\":\"UTF-8\"},"
                + "\"Html\":{\"Data\":\"<p>Hello Ada, <a href=\\\"https://x/pages/reset?token=s.v\\\">reset</a></p>\",\"Charset\":\"UTF-8\"}}}},"
                + "\"ConfigurationSetName\":\"feedback\"}");
        String authorization = request.header("Authorization");
        assertThat(authorization).startsWith("AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20261201/eu-west-1/ses/aws4_request, "
                + "SignedHeaders=content-type;host;x-amz-date;x-amz-security-token, Signature=");
        assertThat(authorization.substring(authorization.indexOf("Signature=") + 10))
                .as("the signature AWS would compute from the request as received")
                .isEqualTo(awsSideSignature(request, "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY", "20261201", "eu-west-1", "ses"));
    }

    @Test
    void sesRejectionsArePermanentThrottlingRetryable() {
        EmailSender sender = new SesEmailSender(config("ses", Map.of(
                "countersign.notifier.email.ses.endpoint", stub.baseUrl(),
                "countersign.notifier.email.ses.access-key-id", "AKID",
                "countersign.notifier.email.ses.secret-access-key", "secret")), json, Clock.systemUTC());
        stub.answer(SesEmailSender.PATH, Answer.json(400, "{\"__type\":\"MessageRejected\",\"message\":\"Email address is not verified.\"}"));
        assertThatThrownBy(() -> sender.send(EMAIL, java.util.UUID.randomUUID()).await().atMost(WAIT)).isInstanceOf(PermanentFailure.class)
                .hasMessage("ses answered 400 (__type MessageRejected)");
        stub.answer(SesEmailSender.PATH, Answer.json(429, "{\"__type\":\"TooManyRequestsException\"}"));
        assertThatThrownBy(() -> sender.send(EMAIL, java.util.UUID.randomUUID()).await().atMost(WAIT)).isInstanceOf(DeliveryFailure.class);
    }

    @Test
    void mailgunPostsMultipartFormWithBasicAuthentication() {
        stub.answer("/v3/mg.example.org/messages", Answer.json(200,
                "{\"id\":\"<20111114174239.25659.5817@samples.mailgun.org>\",\"message\":\"Queued. Thank you.\"}"));
        EmailSender sender = EmailSenderProducer.create(config("mailgun", Map.of(
                "countersign.notifier.email.mailgun.base-url", stub.baseUrl(),
                "countersign.notifier.email.mailgun.domain", "mg.example.org",
                "countersign.notifier.email.mailgun.api-key", "key-3ax6xnjp29jd6fds4gc373sgvjxteol0")), null, json);

        assertThat(sender.send(EMAIL, java.util.UUID.randomUUID()).await().atMost(WAIT)).isEqualTo("<20111114174239.25659.5817@samples.mailgun.org>");

        HttpStub.Request request = stub.single();
        assertThat(request.method()).isEqualTo("POST");
        assertThat(request.path()).isEqualTo("/v3/mg.example.org/messages");
        assertThat(request.header("Authorization")).isEqualTo("Basic " + Base64.getEncoder()
                .encodeToString("api:key-3ax6xnjp29jd6fds4gc373sgvjxteol0".getBytes(StandardCharsets.UTF_8)));
        Matcher type = Pattern.compile("multipart/form-data; boundary=(countersign-[0-9a-f]{24})").matcher(request.header("Content-Type"));
        assertThat(type.matches()).as(request.header("Content-Type")).isTrue();
        String b = type.group(1);
        assertThat(request.text()).isEqualTo(part(b, "from", "\"Example Co\" <no-reply@example.org>") + part(b, "to", "ada@example.com")
                + part(b, "subject", EMAIL.subject()) + part(b, "text", EMAIL.text()) + part(b, "html", EMAIL.html()) + "--" + b + "--\r\n");
    }

    @Test
    void mailgunRejectionIsPermanent() {
        EmailSender sender = EmailSenderProducer.create(config("mailgun", Map.of(
                "countersign.notifier.email.mailgun.base-url", stub.baseUrl(),
                "countersign.notifier.email.mailgun.domain", "mg.example.org",
                "countersign.notifier.email.mailgun.api-key", "k")), null, json);
        stub.answer("/v3/mg.example.org/messages", Answer.json(400, "{\"message\":\"'to' parameter is not a valid address. please check documentation\"}"));
        assertThatThrownBy(() -> sender.send(EMAIL, java.util.UUID.randomUUID()).await().atMost(WAIT)).isInstanceOf(PermanentFailure.class)
                .hasMessage("mailgun answered 400");
    }

    @Test
    void noAnswerInTimeIsRetryable() throws IOException {
        try (ServerSocket silent = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            Thread accept = new Thread(() -> {
                try (Socket ignored = silent.accept()) {
                    Thread.sleep(5_000);
                } catch (IOException | InterruptedException e) {
                    // the test is over
                }
            });
            accept.setDaemon(true);
            accept.start();
            EmailSender sender = EmailSenderProducer.create(config("postmark", Map.of(
                    "countersign.notifier.email.timeout", "300ms",
                    "countersign.notifier.email.postmark.base-url", "http://127.0.0.1:" + silent.getLocalPort(),
                    "countersign.notifier.email.postmark.server-token", "t")), null, json);
            assertThatThrownBy(() -> sender.send(EMAIL, java.util.UUID.randomUUID()).await().atMost(WAIT)).isInstanceOf(DeliveryFailure.class)
                    .hasMessageStartingWith("postmark unreachable: HttpTimeoutException");
            accept.interrupt();
        }
    }

    @Test
    void aMissingCredentialStopsTheStartNamingTheSetting() {
        assertThatThrownBy(() -> EmailSenderProducer.create(config("sendgrid", Map.of()), null, json))
                .isInstanceOf(IllegalStateException.class)
                .hasMessage("countersign.notifier.email.sendgrid.api-key is required with countersign.notifier.email.provider=sendgrid");
        assertThatThrownBy(() -> EmailSenderProducer.create(config("pigeon", Map.of()), null, json))
                .hasMessageContaining("must be smtp, sendgrid, postmark, ses or mailgun");
    }

    private static String part(String boundary, String name, String value) {
        return "--" + boundary + "\r\nContent-Disposition: form-data; name=\"" + name + "\"\r\nContent-Type: text/plain; charset=UTF-8\r\n\r\n"
                + value + "\r\n";
    }

    /** What the AWS side does: rebuild the canonical request from the received request and its signed headers. */
    private static String awsSideSignature(HttpStub.Request request, String secret, String date, String region, String service)
            throws Exception {
        String authorization = request.header("Authorization");
        String signed = authorization.replaceAll(".*SignedHeaders=([^,]+),.*", "$1");
        StringBuilder canonical = new StringBuilder(request.method()).append('\n').append(request.path()).append("\n\n");
        for (String name : signed.split(";")) {
            canonical.append(name).append(':').append(request.header(name).strip()).append('\n');
        }
        canonical.append('\n').append(signed).append('\n')
                .append(HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(request.body())));
        String scope = date + "/" + region + "/" + service + "/aws4_request";
        String toSign = "AWS4-HMAC-SHA256\n" + request.header("X-Amz-Date") + "\n" + scope + "\n"
                + HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(canonical.toString().getBytes(StandardCharsets.UTF_8)));
        byte[] key = hmac(("AWS4" + secret).getBytes(StandardCharsets.UTF_8), date);
        for (String part : new String[] {region, service, "aws4_request"}) {
            key = hmac(key, part);
        }
        return HexFormat.of().formatHex(hmac(key, toSign));
    }

    private static byte[] hmac(byte[] key, String data) throws Exception {
        Mac mac = Mac.getInstance("HmacSHA256");
        mac.init(new SecretKeySpec(key, "HmacSHA256"));
        return mac.doFinal(data.getBytes(StandardCharsets.UTF_8));
    }

    /** The mapping as SmallRye Config builds it from these properties (defaults from the interface). */
    static EmailConfig config(String provider, Map<String, String> properties) {
        Map<String, String> all = new HashMap<>(properties);
        all.put("countersign.notifier.email.provider", provider);
        all.put("countersign.notifier.email.from", "Example Co <no-reply@example.org>");
        ConfigSource source = new PropertiesConfigSource(all, "test", 100);
        return new SmallRyeConfigBuilder().withMapping(EmailConfig.class).withSources(source)
                .withConverter(Duration.class, 100, new DurationConverter()).build().getConfigMapping(EmailConfig.class);
    }
}
