package io.countersign.delivery;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.ObjectMapper;

import io.countersign.event.NotificationEvent;
import io.countersign.event.NotificationType;
import io.countersign.event.Recipient;
import io.countersign.event.SecretBox;
import io.countersign.notifier.lifecycle.DeliveryReports;
import io.countersign.testing.Accounts;
import io.countersign.testing.Mailbox;
import io.countersign.testing.OffContract;
import io.countersign.testing.RawKafka;
import io.countersign.testing.SmsStub;
import io.countersign.testing.Sql;
import io.countersign.testing.TestEvents;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.vertx.VertxContextSupport;
import io.restassured.RestAssured;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import jakarta.inject.Inject;
import jakarta.mail.internet.MimeMessage;

/**
 * Issue 16 item 1: every notification has a lifecycle record written by the notifier (queued, sending, sent with the
 * provider's message id; deferred with the reason and the next attempt; bounced, complained), idempotently; the admin
 * endpoints show an account's messages and one message's history, never the token, the code or the body; the states
 * are counted per type and channel.
 */
@QuarkusTest
class MessageLifecycleTest {

    private static final Duration DELIVERY = Duration.ofSeconds(30);
    private static final Pattern TOKEN = Pattern.compile("token=([A-Za-z0-9_.-]+)");

    @Inject
    SecretBox box;
    @Inject
    ObjectMapper json;
    @Inject
    DeliveryReports reports;

    @Test
    void aSignUpShowsQueuedSendingSentWithTheMessageIdAndNeverTheToken() throws Exception {
        String email = TestEvents.uniqueEmail();
        given().contentType(ContentType.JSON).body(Map.of("email", email, "password", Admin.PASSWORD)).post("/users")
                .then().statusCode(202);
        Awaitility.await().atMost(DELIVERY).until(() -> Mailbox.to(email).size() == 1);
        MimeMessage mail = Mailbox.to(email).get(0);
        String text = Mailbox.part(mail, "text/plain");
        Matcher token = TOKEN.matcher(text);
        assertThat(token.find()).as("the mail carries a link token").isTrue();
        String admin = Admin.token();
        String userId = Accounts.idOf(email);

        Awaitility.await().atMost(DELIVERY).until(() -> "sent".equals(messages(admin, userId).getString("[0].state")));
        JsonPath list = messages(admin, userId);
        assertEquals(1, list.getList("$").size());
        assertEquals("resendVerifySignup", list.getString("[0].type"));
        assertEquals("email", list.getString("[0].channel"));
        assertEquals("smtp", list.getString("[0].transport"));
        assertEquals(email.charAt(0) + "***@example.com", list.getString("[0].recipient"));
        assertEquals(1, list.getInt("[0].attempts"));
        assertEquals(mail.getMessageID(), list.getString("[0].providerMessageId"), "the SMTP Message-ID is the provider id");

        String id = list.getString("[0].id");
        String body = given().auth().oauth2(admin).get("/admin/messages/" + id).then().statusCode(200).extract().asString();
        JsonPath details = JsonPath.from(body);
        assertEquals(List.of("queued", "sending", "sent"), details.getList("history.state"));
        assertEquals("smtp", details.getString("history[1].detail"));
        assertThat(body).doesNotContain(token.group(1)).doesNotContain(token.group(1).split("\\.")[0])
                .doesNotContain(email).doesNotContain("Confirm your");
        assertThat(list.prettify()).doesNotContain(token.group(1)).doesNotContain(email);

        assertThat(RestAssured.get("/q/metrics").asString().lines()
                .filter(l -> l.startsWith("countersign_messages_total{") && l.contains("state=\"sent\"")
                        && l.contains("type=\"resendVerifySignup\"") && l.contains("channel=\"email\""))
                .mapToDouble(l -> Double.parseDouble(l.substring(l.lastIndexOf(' ') + 1))).sum()).isGreaterThanOrEqualTo(1.0);
    }

    @Test
    void theSameEventTwiceMakesOneRecordAndOneSend() throws Exception {
        String email = TestEvents.uniqueEmail();
        NotificationEvent event = TestEvents.event(box, NotificationType.PASSWORD_CHANGE, TestEvents.emailRecipient(email, "en"),
                Map.of());
        String id = RawKafka.newId();
        String data = json.writeValueAsString(event);
        RawKafka.sendCloudEvent(id, NotificationType.PASSWORD_CHANGE.cloudEventType(), event.userId(), data);
        RawKafka.sendCloudEvent(id, NotificationType.PASSWORD_CHANGE.cloudEventType(), event.userId(), data);
        NotificationEvent marker = TestEvents.event(box, NotificationType.VERIFY_SIGNUP, event.userId(),
                TestEvents.emailRecipient(email, "en"), Map.of());
        RawKafka.sendCloudEvent(RawKafka.newId(), NotificationType.VERIFY_SIGNUP.cloudEventType(), event.userId(),
                json.writeValueAsString(marker));
        Awaitility.await().atMost(DELIVERY).until(() -> Mailbox.to(email).size() >= 2);
        String admin = Admin.token();
        Awaitility.await().atMost(DELIVERY).until(() -> messages(admin, event.userId()).getList("$").size() == 2
                && messages(admin, event.userId()).getList("state").stream().allMatch("sent"::equals));
        assertEquals(2, Mailbox.to(email).size(), "one mail per event");
        JsonPath details = given().auth().oauth2(admin).get("/admin/messages/" + id).then().statusCode(200).extract().jsonPath();
        assertEquals(List.of("queued", "sending", "sent"), details.getList("history.state"), "the copy left no trace");
    }

    @Test
    void aFailingTransportIsDeferredWithReasonAndNextAttemptThenSent() throws Exception {
        String phone = "+49155" + (1_000_000 + (int) (Math.random() * 8_999_999));
        NotificationEvent event = TestEvents.event(box, NotificationType.SEND_RESET_PWD,
                new Recipient(null, phone, "sms", "en", null), Map.of());
        String id = RawKafka.newId();
        SmsStub.shared().answer(503);
        try {
            RawKafka.sendCloudEvent(id, NotificationType.SEND_RESET_PWD.cloudEventType(), event.userId(),
                    json.writeValueAsString(event));
            Awaitility.await().atMost(DELIVERY).until(() -> SmsStub.shared().requestsMentioning(phone).size() >= 2);
        } finally {
            SmsStub.shared().answer(200);
        }
        String admin = Admin.token();
        Awaitility.await().atMost(DELIVERY).until(() -> "sent".equals(message(admin, id).getString("message.state")));
        JsonPath details = message(admin, id);
        List<String> states = details.getList("history.state");
        assertThat(states).startsWith("queued", "sending", "deferred").endsWith("sending", "sent");
        int deferred = states.indexOf("deferred");
        assertThat(details.getString("history[" + deferred + "].detail")).contains("SMS gateway answered 503");
        assertThat(details.getInt("message.attempts")).isGreaterThanOrEqualTo(2);
        assertEquals("sms", details.getString("message.channel"));
        assertThat(details.getString("message.recipient")).startsWith("+49").endsWith(phone.substring(phone.length() - 2))
                .doesNotContain(phone);
        assertThat(details.prettify()).doesNotContain("123456");
    }

    @Test
    void bouncesAndComplaintsAreReportedByProviderMessageId() throws Throwable {
        String email = TestEvents.uniqueEmail();
        NotificationEvent event = TestEvents.event(box, NotificationType.RESET_PWD, TestEvents.emailRecipient(email, "en"), Map.of());
        String id = RawKafka.newId();
        RawKafka.sendCloudEvent(id, NotificationType.RESET_PWD.cloudEventType(), event.userId(), json.writeValueAsString(event));
        Awaitility.await().atMost(DELIVERY).until(() -> Mailbox.to(email).size() == 1);
        String providerId = Mailbox.to(email).get(0).getMessageID();
        String admin = Admin.token();
        Awaitility.await().atMost(DELIVERY).until(() -> "sent".equals(message(admin, id).getString("message.state")));

        var soft = VertxContextSupport.subscribeAndAwait(() -> reports.bounced("smtp", providerId, false, "mailbox full"));
        assertEquals(UUID.fromString(id), soft.orElseThrow().messageId());
        assertEquals("sent", message(admin, id).getString("message.state"), "a soft bounce is history only");
        var hard = VertxContextSupport.subscribeAndAwait(() -> reports.bounced("smtp", providerId, true, "550 no such user"));
        assertEquals(event.userId(), hard.orElseThrow().userId().toString());
        assertEquals("email", hard.get().channel());
        assertEquals("bounced", message(admin, id).getString("message.state"));
        VertxContextSupport.subscribeAndAwait(() -> reports.complained("smtp", providerId, "abuse report"));
        JsonPath details = message(admin, id);
        assertEquals("complained", details.getString("message.state"));
        assertThat(details.getList("history.state")).endsWith("sent", "soft_bounced", "bounced", "complained");
        assertThat(VertxContextSupport.subscribeAndAwait(() -> reports.bounced("smtp", "<unknown@countersign>", true, "x")))
                .isEmpty();
        assertThat(RestAssured.get("/q/metrics").asString()).contains("countersign_messages_total{channel=\"email\",state=\"bounced\",type=\"resetPwd\"}");
    }

    @Test
    void anUndeliverableAddressIsRecordedSuppressedNotSent() throws Exception {
        String email = TestEvents.uniqueEmail();
        Sql.update("insert into email_suppressions (address, reason, provider) values (?, 'hard_bounce', 'test')", email);
        NotificationEvent event = TestEvents.event(box, NotificationType.PASSWORD_CHANGE, TestEvents.emailRecipient(email, "en"),
                Map.of());
        String id = RawKafka.newId();
        RawKafka.sendCloudEvent(id, NotificationType.PASSWORD_CHANGE.cloudEventType(), event.userId(),
                json.writeValueAsString(event));
        String admin = Admin.token();
        Awaitility.await().atMost(DELIVERY).ignoreExceptions().until(() -> "suppressed".equals(message(admin, id).getString("message.state")));
        JsonPath details = message(admin, id);
        assertEquals("undeliverable: hard_bounce", details.getString("message.reason"));
        assertEquals("email", details.getString("message.channel"));
        assertEquals(null, details.getString("message.transport"), "handed to no transport");
        assertEquals(0, details.getInt("message.attempts"));
        assertEquals(List.of("queued", "suppressed"), details.getList("history.state"));
        assertEquals("suppressed", messages(admin, event.userId()).getString("[0].state"));
        assertThat(Mailbox.to(email)).isEmpty();
        assertThat(RestAssured.get("/q/metrics").asString().lines()
                .filter(l -> l.startsWith("countersign_messages_total{") && l.contains("state=\"suppressed\"")
                        && l.contains("type=\"passwordChange\"") && l.contains("channel=\"email\""))
                .mapToDouble(l -> Double.parseDouble(l.substring(l.lastIndexOf(' ') + 1))).sum()).isGreaterThanOrEqualTo(1.0);
    }

    @Test
    @OffContract("requests without an access token, on purpose: they must answer 401")
    void onlyAdministratorsSeeMessagesAndAnUnknownMessageIs404() {
        String email = TestEvents.uniqueEmail();
        given().contentType(ContentType.JSON).body(Map.of("email", email, "password", Admin.PASSWORD)).post("/users")
                .then().statusCode(202);
        String userId = Accounts.idOf(email);
        given().get("/admin/users/" + userId + "/messages").then().statusCode(401);
        given().get("/admin/messages/" + UUID.randomUUID()).then().statusCode(401);
        String admin = Admin.token();
        given().auth().oauth2(admin).get("/admin/messages/" + UUID.randomUUID()).then().statusCode(404)
                .body("code", org.hamcrest.Matchers.equalTo("not_found"));
        given().auth().oauth2(admin).get("/admin/users/" + UUID.randomUUID() + "/messages").then().statusCode(200)
                .body("size()", org.hamcrest.Matchers.equalTo(0));
    }

    static JsonPath messages(String admin, String userId) {
        return given().auth().oauth2(admin).get("/admin/users/" + userId + "/messages").then().statusCode(200).extract().jsonPath();
    }

    static JsonPath message(String admin, String id) {
        return given().auth().oauth2(admin).get("/admin/messages/" + id).then().statusCode(200).extract().jsonPath();
    }
}
