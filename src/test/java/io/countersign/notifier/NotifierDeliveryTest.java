package io.countersign.notifier;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.ObjectMapper;

import io.countersign.event.NotificationEvent;
import io.countersign.event.NotificationType;
import io.countersign.event.Recipient;
import io.countersign.event.SecretBox;
import io.countersign.outbox.Outbox;
import io.countersign.testing.Mailbox;
import io.countersign.testing.RawKafka;
import io.countersign.testing.SmsStub;
import io.countersign.testing.SmsStubResource;
import io.countersign.testing.TestEvents;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.vertx.VertxContextSupport;
import jakarta.inject.Inject;
import jakarta.mail.internet.MimeMessage;

/** Outbox → relay → Kafka → notifier → real SMTP server / SMS provider stub. */
@QuarkusTest
class NotifierDeliveryTest {

    static final Duration DELIVERY = Duration.ofSeconds(20);

    @Inject
    Outbox outbox;
    @Inject
    SecretBox box;
    @Inject
    ObjectMapper json;

    @Test
    void outboxRowBecomesOneLocalisedEmailWithTextAndHtml() throws Throwable {
        String email = TestEvents.uniqueEmail();
        write(TestEvents.event(box, NotificationType.SEND_RESET_PWD, TestEvents.emailRecipient(email, "de"), Map.of()));
        Awaitility.await().atMost(DELIVERY).until(() -> Mailbox.to(email).size() == 1);
        MimeMessage mail = Mailbox.to(email).get(0);
        assertEquals("Setzen Sie Ihr Countersign-Passwort zurück", Mailbox.subject(mail));
        String text = Mailbox.part(mail, "text/plain");
        String html = Mailbox.part(mail, "text/html");
        assertNotNull(text);
        assertNotNull(html);
        assertTrue(text.contains("http://localhost:8080/pages/reset?token="), text);
        assertTrue(html.contains("lang=\"de\""));
        String[] messageIds = mail.getHeader("Message-ID");
        assertEquals(1, messageIds.length, "one Message-ID, the one the SMTP sender returns");
        assertTrue(messageIds[0].matches("<[0-9a-f-]{36}@countersign>"), messageIds[0]);
        NotificationRenderingTest.assertClean(text);
        NotificationRenderingTest.assertClean(html);
    }

    @Test
    void theSameEventTwiceSendsOneEmail() throws Exception {
        String email = TestEvents.uniqueEmail();
        NotificationEvent event = TestEvents.event(box, NotificationType.RESEND_VERIFY_SIGNUP,
                TestEvents.emailRecipient(email, "en"), Map.of());
        String id = RawKafka.newId();
        String data = json.writeValueAsString(event);
        String type = NotificationType.RESEND_VERIFY_SIGNUP.cloudEventType();
        RawKafka.sendCloudEvent(id, type, event.userId(), data);
        RawKafka.sendCloudEvent(id, type, event.userId(), data);
        // a later event for the same user (same key, same partition) is processed after both copies
        NotificationEvent marker = TestEvents.event(box, NotificationType.VERIFY_SIGNUP, event.userId(),
                TestEvents.emailRecipient(email, "en"), Map.of());
        RawKafka.sendCloudEvent(RawKafka.newId(), NotificationType.VERIFY_SIGNUP.cloudEventType(), event.userId(),
                json.writeValueAsString(marker));
        Awaitility.await().atMost(DELIVERY).until(() -> Mailbox.to(email).size() >= 2);
        List<String> subjects = Mailbox.to(email).stream().map(Mailbox::subject).toList();
        assertEquals(List.of("Confirm your Countersign account", "Your Countersign account is verified"), subjects);
    }

    @Test
    void smsPreferenceSendsAnSmsThroughTheHttpGateway() throws Throwable {
        String phone = "+49151" + (1_000_000 + (int) (Math.random() * 8_999_999));
        Recipient recipient = new Recipient(TestEvents.uniqueEmail(), phone, "sms", "en", "Ada");
        write(TestEvents.event(box, NotificationType.SEND_RESET_PWD, recipient, Map.of()));
        Awaitility.await().atMost(DELIVERY).until(() -> SmsStub.shared().requestsMentioning(phone).size() == 1);
        SmsStub.Request sms = SmsStub.shared().requestsMentioning(phone).get(0);
        assertEquals("Bearer " + SmsStubResource.TOKEN, sms.authorization());
        assertEquals("application/json", sms.contentType());
        Map<?, ?> body = json.readValue(sms.body(), Map.class);
        assertEquals(phone, body.get("to"));
        assertEquals("Countersign", body.get("from"));
        String text = (String) body.get("text");
        assertTrue(text.startsWith("Countersign: reset your password. Code: 123456 http://localhost:8080/pages/reset?token="), text);
        assertTrue(Mailbox.to(recipient.email()).isEmpty(), "no email when the SMS went out");
    }

    @Test
    void transportOptionOverridesThePreferenceAndMissingAddressFallsBack() throws Throwable {
        String phone = "+49152" + (1_000_000 + (int) (Math.random() * 8_999_999));
        String email = TestEvents.uniqueEmail();
        // prefers email, but the client asked for sms
        write(TestEvents.event(box, NotificationType.PASSWORD_CHANGE, new Recipient(email, phone, "email", "en", null),
                Map.of("transport", "sms")));
        // prefers sms but has no phone: falls back to email
        String onlyEmail = TestEvents.uniqueEmail();
        write(TestEvents.event(box, NotificationType.PASSWORD_CHANGE, new Recipient(onlyEmail, null, "sms", "en", null),
                Map.of()));
        Awaitility.await().atMost(DELIVERY).until(() -> SmsStub.shared().requestsMentioning(phone).size() == 1
                && Mailbox.to(onlyEmail).size() == 1);
        assertTrue(Mailbox.to(email).isEmpty());
        assertFalse(io.restassured.RestAssured.get("/q/metrics").asString().lines()
                .filter(l -> l.startsWith("countersign_notifications_fallback_total")
                        && l.contains("reason=\"fallback:no-phone\""))
                .toList().isEmpty(), "fallback is counted");
    }

    @Test
    void unknownDataFieldsAreIgnoredAndExpiredTokensAreNotSent() throws Exception {
        String email = TestEvents.uniqueEmail();
        NotificationEvent reset = TestEvents.event(box, NotificationType.SEND_RESET_PWD, TestEvents.emailRecipient(email, "en"),
                Map.of());
        NotificationEvent stale = new NotificationEvent(reset.notificationType(), reset.userId(), reset.recipient(),
                reset.secret(), java.time.Instant.now().minusSeconds(60), Map.of(), Map.of());
        String type = NotificationType.SEND_RESET_PWD.cloudEventType();
        RawKafka.sendCloudEvent(RawKafka.newId(), type, reset.userId(), json.writeValueAsString(stale));
        // a field added later within v1: consumers ignore what they do not know
        com.fasterxml.jackson.databind.node.ObjectNode future = json.valueToTree(reset);
        future.put("someFutureField", "ignored");
        RawKafka.sendCloudEvent(RawKafka.newId(), type, reset.userId(), json.writeValueAsString(future));
        Awaitility.await().atMost(DELIVERY).until(() -> Mailbox.to(email).size() == 1);
        Thread.sleep(500);
        assertEquals(1, Mailbox.to(email).size(), "the expired one is not sent");
        assertTrue(io.restassured.RestAssured.get("/q/metrics").asString().contains("countersign_notifications_expired_total"));
    }

    private void write(NotificationEvent event) throws Throwable {
        NotificationType type = NotificationType.fromWireName(event.notificationType()).orElseThrow();
        VertxContextSupport.subscribeAndAwait(() -> Panache.withTransaction(() -> outbox.record(type, event)));
    }
}
