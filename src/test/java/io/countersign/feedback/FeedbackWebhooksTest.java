package io.countersign.feedback;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.is;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.security.KeyFactory;
import java.security.PrivateKey;
import java.security.Signature;
import java.security.spec.PKCS8EncodedKeySpec;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.ObjectMapper;

import io.countersign.event.NotificationType;
import io.countersign.event.SecretBox;
import io.countersign.outbox.Outbox;
import io.countersign.outbox.OutboxEvent;
import io.countersign.testing.Accounts;
import io.countersign.testing.HttpStub;
import io.countersign.testing.HttpStub.Answer;
import io.countersign.testing.Mailbox;
import io.countersign.testing.OffContract;
import io.countersign.testing.Sql;
import io.countersign.testing.TestEvents;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.vertx.VertxContextSupport;
import io.restassured.http.ContentType;
import io.restassured.response.ValidatableResponse;
import jakarta.inject.Inject;

/**
 * The delivery feedback webhooks with the providers' documented sample payloads, signed in the test with keys
 * generated for the suite (src/test/resources/feedback): SES through SNS (signature versions 1 and 2, the
 * certificate served by a local stub host the test configuration allows; subscription confirmation), SendGrid
 * (ECDSA), Postmark (basic authentication or a header secret) and the generic format (Standard Webhooks). A hard
 * bounce or complaint makes the account show the address as undeliverable and stops the next mail to it.
 */
@QuarkusTest
class FeedbackWebhooksTest {

    private static final String PASSWORD = "violet tractor umbrella 47";
    private static final HttpStub SNS_HOST = new HttpStub();
    private static final String CERT_PATH = "/SimpleNotificationService-01d088a6f77103d0fe307c0069e40ed6.pem";
    private static final ObjectMapper JSON = new ObjectMapper();

    static {
        SNS_HOST.answer(CERT_PATH, new Answer(200, Map.of("Content-Type", "application/x-pem-file"), resource("sns-test-cert.pem")));
    }

    @Inject
    SecretBox box;
    @Inject
    Outbox outbox;

    @Test
    void sesHardBounceThroughSnsMarksTheAccountAndSignInTellsTheUser() throws Exception {
        String email = unique("ses");
        verifiedAccount(email);
        postSns(notification(FeedbackSamples.sesBounce(email), "1", certUrl())).statusCode(204);

        assertThat(Sql.column("select reason from email_suppressions where address = ?", email)).isEqualTo("hard_bounce");
        String token = given().contentType(ContentType.JSON)
                .body(Map.of("strategy", "local", "email", email, "password", PASSWORD))
                .post("/authentication").then().statusCode(201).body("user.emailUndeliverable", is("hard_bounce"))
                .extract().path("accessToken");
        given().auth().oauth2(token).get("/users/me").then().statusCode(200)
                .body("emailUndeliverable", is("hard_bounce"));
        assertThat(Sql.rows("select details::text from audit_log where user_id = ?::uuid and type = 'email_undeliverable'",
                Accounts.idOf(email))).containsExactly("{\"reason\": \"hard_bounce\", \"provider\": \"ses\"}");

        // SNS delivers at least once: the same message again changes nothing
        postSns(notification(FeedbackSamples.sesBounce(email), "1", certUrl())).statusCode(204);
        assertThat(Sql.column("select count(*) from delivery_feedback where address = ?", email)).isEqualTo("1");
    }

    @Test
    void sesComplaintWithSignatureVersion2() throws Exception {
        String email = unique("ses2");
        postSns(notification(FeedbackSamples.sesComplaint(email), "2", certUrl())).statusCode(204);
        assertThat(Sql.column("select reason from email_suppressions where address = ?", email)).isEqualTo("complaint");
    }

    @Test
    void snsMessagesThatAreNotAuthenticAreRefused() throws Exception {
        String email = unique("forged");
        Map<String, String> good = notification(FeedbackSamples.sesBounce(email), "1", certUrl());
        Map<String, String> tampered = new LinkedHashMap<>(good);
        tampered.put("Message", FeedbackSamples.sesBounce(unique("other")));
        postSns(tampered).statusCode(401).body("code", is("webhook_unauthenticated"));
        // a certificate from a host the configuration does not allow is never fetched
        int fetched = SNS_HOST.requests().size();
        postSns(notification(FeedbackSamples.sesBounce(email), "1", "http://localhost:" + SNS_HOST.port() + CERT_PATH)).statusCode(401);
        assertThat(SNS_HOST.requests()).hasSize(fetched);
        // a topic we did not subscribe to
        Map<String, String> otherTopic = new LinkedHashMap<>(good);
        otherTopic.put("TopicArn", "arn:aws:sns:us-west-2:999999999999:Elsewhere");
        postSns(sign(otherTopic, "1")).statusCode(401);
        // an unknown signature version
        postSns(sign(new LinkedHashMap<>(good), "3")).statusCode(401);
        assertThat(Sql.column("select count(*) from email_suppressions where address = ?", email)).isEqualTo("0");
    }

    @Test
    void aSubscriptionConfirmationIsConfirmed() throws Exception {
        Map<String, String> message = new LinkedHashMap<>();
        message.put("Type", "SubscriptionConfirmation");
        message.put("MessageId", "165545c9-2a5c-472c-8df2-7ff2be2b3b1b");
        message.put("Token", "2336412f37fb687f5d51e6e241d09c805a5a57b30d712f794cc5f6a988666d92768dd60a747ba6f3beb71854e285d6ad02428b09ceece29417f1f02d609c582afbacc99c583a916b9981dd2728f4ae6fdb82efd087cc3b7849e05798d2d2785c03b0879594eeac82c01f235d0e717736");
        message.put("TopicArn", FeedbackSamples.TOPIC);
        message.put("Message", "You have chosen to subscribe to the topic " + FeedbackSamples.TOPIC
                + ".\nTo confirm the subscription, visit the SubscribeURL included in this message.");
        message.put("SubscribeURL", SNS_HOST.baseUrl() + "/?Action=ConfirmSubscription&TopicArn=" + FeedbackSamples.TOPIC + "&Token=2336412f37");
        message.put("Timestamp", "2012-04-26T20:45:04.751Z");
        message.put("SigningCertURL", certUrl());
        postSns(sign(message, "1")).statusCode(204);
        assertThat(SNS_HOST.requests()).anySatisfy(request -> {
            assertThat(request.method()).isEqualTo("GET");
            assertThat(request.query()).isEqualTo("Action=ConfirmSubscription&TopicArn=" + FeedbackSamples.TOPIC + "&Token=2336412f37");
        });
    }

    @Test
    void sendGridSignedEventsAreRecordedOnce() throws Exception {
        String email = unique("sg");
        String body = FeedbackSamples.sendGridEvents(email);
        postSendGrid(body, Instant.now()).statusCode(204);
        assertThat(Sql.rows("select kind from delivery_feedback where address = ? order by kind", email))
                .containsExactly("complaint", "hard_bounce", "soft_bounce");
        assertThat(Sql.column("select reason from email_suppressions where address = ?", email)).isEqualTo("hard_bounce");
        postSendGrid(body, Instant.now()).statusCode(204);
        assertThat(Sql.column("select count(*) from delivery_feedback where address = ?", email)).isEqualTo("3");
    }

    @Test
    @OffContract("signatures and credentials missing or wrong on purpose")
    void sendGridWithoutAGoodSignatureIsRefused() throws Exception {
        String email = unique("sgbad");
        String body = FeedbackSamples.sendGridEvents(email);
        String timestamp = String.valueOf(Instant.now().getEpochSecond());
        given().contentType(ContentType.JSON).header("X-Twilio-Email-Event-Webhook-Timestamp", timestamp)
                .header("X-Twilio-Email-Event-Webhook-Signature", ecdsa(timestamp + body.replace("bounce", "dropped")))
                .body(body).post("/feedback/sendgrid").then().statusCode(401).body("code", is("webhook_unauthenticated"));
        // a good signature of an old timestamp: a replay
        postSendGrid(body, Instant.now().minus(Duration.ofHours(1))).statusCode(401);
        given().contentType(ContentType.JSON).body(body).post("/feedback/sendgrid").then().statusCode(401);
        assertThat(Sql.column("select count(*) from delivery_feedback where address = ?", email)).isEqualTo("0");
    }

    @Test
    void aSoftBounceIsRecordedButTheAddressStaysDeliverable() throws Exception {
        String email = unique("soft");
        postSendGrid(FeedbackSamples.sendGridDeferred(email), Instant.now()).statusCode(204);
        assertThat(Sql.column("select kind from delivery_feedback where address = ?", email)).isEqualTo("soft_bounce");
        assertThat(Sql.column("select count(*) from email_suppressions where address = ?", email)).isEqualTo("0");
    }

    @Test
    void postmarkWithBasicAuthenticationOrTheHeaderSecret() {
        String bounced = unique("pm");
        given().auth().preemptive().basic("postmark", "test-only-postmark-password").contentType(ContentType.JSON)
                .body(FeedbackSamples.postmarkBounce(bounced)).post("/feedback/postmark").then().statusCode(204);
        assertThat(Sql.column("select reason from email_suppressions where address = ?", bounced)).isEqualTo("hard_bounce");
        String complained = unique("pmspam");
        given().header("X-Countersign-Webhook-Secret", "test-only-postmark-header-secret").contentType(ContentType.JSON)
                .body(FeedbackSamples.postmarkComplaint(complained)).post("/feedback/postmark").then().statusCode(204);
        assertThat(Sql.column("select reason from email_suppressions where address = ?", complained)).isEqualTo("complaint");
    }

    @Test
    @OffContract("credentials wrong on purpose")
    void postmarkWithWrongCredentialsIsRefused() {
        String email = unique("pmbad");
        given().auth().preemptive().basic("postmark", "guess").contentType(ContentType.JSON)
                .body(FeedbackSamples.postmarkBounce(email)).post("/feedback/postmark").then().statusCode(401);
        given().header("X-Countersign-Webhook-Secret", "guess").contentType(ContentType.JSON)
                .body(FeedbackSamples.postmarkBounce(email)).post("/feedback/postmark").then().statusCode(401);
        assertThat(Sql.column("select count(*) from delivery_feedback where address = ?", email)).isEqualTo("0");
    }

    @Test
    void genericStandardWebhooksSignature() throws Exception {
        String email = unique("generic");
        String body = JSON.writeValueAsString(Map.of("type", "complaint", "email", email, "messageId", "m-1"));
        String id = "msg_" + UUID.randomUUID();
        String timestamp = String.valueOf(Instant.now().getEpochSecond());
        given().contentType(ContentType.JSON).header("webhook-id", id).header("webhook-timestamp", timestamp)
                .header("webhook-signature", "v1,bm90IGl0 v1," + standardSignature(id, timestamp, body))
                .body(body).post("/feedback/generic").then().statusCode(204);
        assertThat(Sql.column("select reason from email_suppressions where address = ?", email)).isEqualTo("complaint");
    }

    @Test
    @OffContract("signature wrong on purpose")
    void genericWithAWrongSignatureIsRefused() throws Exception {
        String email = unique("genericbad");
        String body = JSON.writeValueAsString(Map.of("type", "hard_bounce", "email", email));
        String timestamp = String.valueOf(Instant.now().getEpochSecond());
        given().contentType(ContentType.JSON).header("webhook-id", "msg_1").header("webhook-timestamp", timestamp)
                .header("webhook-signature", "v1," + standardSignature("msg_2", timestamp, body))
                .body(body).post("/feedback/generic").then().statusCode(401);
        assertThat(Sql.column("select count(*) from delivery_feedback where address = ?", email)).isEqualTo("0");
    }

    @Test
    void aHardBounceStopsTheNextMailToThatAddress() throws Throwable {
        String email = unique("stop");
        String id = verifiedAccount(email);
        given().contentType(ContentType.JSON).body(Map.of("email", email)).post("/password/forgot").then().statusCode(202);
        // the sign-up's verification message and the reset message
        Awaitility.await().atMost(Duration.ofSeconds(30)).until(() -> Mailbox.to(email).size() == 2);

        postSns(notification(FeedbackSamples.sesBounce(email), "1", certUrl())).statusCode(204);

        // the API queues nothing for the address any more, and says so in the audit (past the resend cooldown)
        Sql.update("update challenges set created_at = now() - interval '1 hour' where user_id = ?::uuid and consumed_at is null", id);
        given().contentType(ContentType.JSON).body(Map.of("email", email)).post("/password/forgot").then().statusCode(202);
        assertThat(Sql.column("select count(*) from outbox where aggregate_id = ?::uuid and type = ?", id,
                NotificationType.SEND_RESET_PWD.cloudEventType())).isEqualTo("1");
        assertThat(Sql.rows("select details::text from audit_log where user_id = ?::uuid and type = 'notification_suppressed'", id))
                .containsExactly("{\"type\": \"sendResetPwd\", \"reason\": \"hard_bounce\", \"instead\": \"none\"}");
        // an event queued before the bounce arrived is skipped by the notifier
        OutboxEvent queued = VertxContextSupport.subscribeAndAwait(() -> Panache.withTransaction(() -> outbox.record(
                NotificationType.SEND_RESET_PWD, TestEvents.event(box, NotificationType.SEND_RESET_PWD, id,
                        TestEvents.emailRecipient(email, "en"), Map.of()))));
        Awaitility.await().atMost(Duration.ofSeconds(30)).until(() -> "skipped:undeliverable".equals(
                Sql.column("select outcome from processed_events where event_id = ?::uuid", queued.id.toString())));
        assertThat(Mailbox.to(email)).hasSize(2);
        assertThat(given().get("/q/metrics").asString())
                .contains("countersign_notifications_suppressed_total{instead=\"none\",reason=\"hard_bounce\",type=\"sendResetPwd\"}");
    }

    // --- helpers ---

    private static String unique(String prefix) {
        return prefix + "-" + UUID.randomUUID().toString().substring(0, 8) + "@example.com";
    }

    private static String verifiedAccount(String email) {
        given().contentType(ContentType.JSON).body(Map.of("email", email, "password", PASSWORD)).post("/users").then().statusCode(202);
        String id = Accounts.idOf(email);
        Sql.update("update users set is_verified = true where id = ?::uuid", id);
        return id;
    }

    private static String certUrl() {
        return SNS_HOST.baseUrl() + CERT_PATH;
    }

    /** The SNS message example, carrying the SES notification, signed. */
    private static Map<String, String> notification(String sesNotification, String version, String certUrl) throws Exception {
        Map<String, String> message = new LinkedHashMap<>();
        message.put("Type", "Notification");
        message.put("MessageId", UUID.randomUUID().toString());
        message.put("TopicArn", FeedbackSamples.TOPIC);
        message.put("Message", sesNotification);
        message.put("Timestamp", "2012-05-02T00:54:06.655Z");
        message.put("SigningCertURL", certUrl);
        message.put("UnsubscribeURL", "https://sns.us-west-2.amazonaws.com/?Action=Unsubscribe&SubscriptionArn=" + FeedbackSamples.TOPIC
                + ":c9135db0-26c4-47ec-8998-413945fb5a96");
        return sign(message, version);
    }

    /** Signs as SNS does: "Key\nvalue\n" over the type's fields in alphabetical order. */
    private static Map<String, String> sign(Map<String, String> message, String version) throws Exception {
        List<String> keys = "Notification".equals(message.get("Type"))
                ? List.of("Message", "MessageId", "Subject", "Timestamp", "TopicArn", "Type")
                : List.of("Message", "MessageId", "SubscribeURL", "Timestamp", "Token", "TopicArn", "Type");
        StringBuilder text = new StringBuilder();
        for (String key : keys) {
            if (message.containsKey(key)) {
                text.append(key).append('\n').append(message.get(key)).append('\n');
            }
        }
        Signature signature = Signature.getInstance("2".equals(version) ? "SHA256withRSA" : "SHA1withRSA");
        signature.initSign(rsaKey());
        signature.update(text.toString().getBytes(StandardCharsets.UTF_8));
        message.put("SignatureVersion", version);
        message.put("Signature", Base64.getEncoder().encodeToString(signature.sign()));
        return message;
    }

    private static ValidatableResponse postSns(Map<String, String> message) throws Exception {
        return given().contentType("text/plain; charset=UTF-8").header("x-amz-sns-message-type", message.get("Type"))
                .body(JSON.writeValueAsString(message)).post("/feedback/ses").then();
    }

    private static ValidatableResponse postSendGrid(String body, Instant at) throws Exception {
        String timestamp = String.valueOf(at.getEpochSecond());
        return given().contentType(ContentType.JSON).header("X-Twilio-Email-Event-Webhook-Timestamp", timestamp)
                .header("X-Twilio-Email-Event-Webhook-Signature", ecdsa(timestamp + body)).body(body).post("/feedback/sendgrid").then();
    }

    private static String ecdsa(String payload) throws Exception {
        PrivateKey key = KeyFactory.getInstance("EC").generatePrivate(new PKCS8EncodedKeySpec(
                Base64.getDecoder().decode(new String(resource("sendgrid-test-private.b64"), StandardCharsets.US_ASCII).strip())));
        Signature signature = Signature.getInstance("SHA256withECDSA");
        signature.initSign(key);
        signature.update(payload.getBytes(StandardCharsets.UTF_8));
        return Base64.getEncoder().encodeToString(signature.sign());
    }

    private static String standardSignature(String id, String timestamp, String body) throws Exception {
        Mac mac = Mac.getInstance("HmacSHA256");
        mac.init(new SecretKeySpec(Base64.getDecoder().decode("MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw"), "HmacSHA256"));
        return Base64.getEncoder().encodeToString(mac.doFinal((id + "." + timestamp + "." + body).getBytes(StandardCharsets.UTF_8)));
    }

    private static PrivateKey rsaKey() throws Exception {
        String pem = new String(resource("sns-test-key.pem"), StandardCharsets.US_ASCII)
                .replaceAll("-----[A-Z ]+-----", "").replaceAll("\\s", "");
        return KeyFactory.getInstance("RSA").generatePrivate(new PKCS8EncodedKeySpec(Base64.getDecoder().decode(pem)));
    }

    private static byte[] resource(String name) {
        try (InputStream in = FeedbackWebhooksTest.class.getResourceAsStream("/feedback/" + name)) {
            return in.readAllBytes();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
