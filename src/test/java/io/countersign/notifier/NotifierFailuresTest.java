package io.countersign.notifier;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.ArrayList;
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
import io.countersign.testing.Infra;
import io.countersign.testing.KafkaProbe;
import io.countersign.testing.Mailbox;
import io.countersign.testing.RawKafka;
import io.countersign.testing.SmsStub;
import io.countersign.testing.TestEvents;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.vertx.VertxContextSupport;
import io.restassured.RestAssured;
import jakarta.inject.Inject;

/** Poison events, an SMTP outage and a failing SMS provider: nothing lost, nothing doubled, nothing stuck. */
@QuarkusTest
class NotifierFailuresTest {

    static final String DLQ = "countersign.notifications.dlq";

    @Inject
    Outbox outbox;
    @Inject
    SecretBox box;
    @Inject
    ObjectMapper json;

    @Test
    void malformedEventsGoToTheDeadLetterTopicAndLaterEventsStillArrive() throws Exception {
        String email = TestEvents.uniqueEmail();
        NotificationEvent good = TestEvents.event(box, NotificationType.VERIFY_SIGNUP, TestEvents.emailRecipient(email, "en"),
                Map.of());
        String key = good.userId();
        try (KafkaProbe dlq = new KafkaProbe(Infra.kafka().bootstrapServers(), DLQ)) {
            RawKafka.send(key, "not a cloud event", Map.of());
            RawKafka.sendCloudEvent(RawKafka.newId(), NotificationType.VERIFY_SIGNUP.cloudEventType(), key, "{not json");
            NotificationEvent tampered = TestEvents.event(box, NotificationType.SEND_RESET_PWD, key,
                    TestEvents.emailRecipient(email, "en"), Map.of());
            // sealed for another user: the AAD check fails
            NotificationEvent wrongUser = new NotificationEvent(tampered.notificationType(), java.util.UUID.randomUUID().toString(),
                    tampered.recipient(), tampered.secret(), tampered.expiresAt(), Map.of(), Map.of());
            RawKafka.sendCloudEvent(RawKafka.newId(), NotificationType.SEND_RESET_PWD.cloudEventType(), key,
                    json.writeValueAsString(wrongUser));
            // a type (or version) this notifier does not know
            RawKafka.sendCloudEvent(RawKafka.newId(), "countersign.notification.verifySignup.v2", key, json.writeValueAsString(good));
            RawKafka.sendCloudEvent(RawKafka.newId(), NotificationType.VERIFY_SIGNUP.cloudEventType(), key,
                    json.writeValueAsString(good));

            Awaitility.await().atMost(Duration.ofSeconds(20)).until(() -> Mailbox.to(email).size() == 1
                    && dlq.received().size() >= 4);
            List<String> reasons = new ArrayList<>();
            dlq.received().forEach(r -> reasons.add(r.header("dead-letter-reason")));
            assertEquals(4, reasons.size(), reasons.toString());
            assertTrue(reasons.get(0).contains("not a CloudEvent"), reasons.toString());
            assertTrue(reasons.get(1).contains("not a valid NotificationEvent"), reasons.toString());
            assertTrue(reasons.get(2).contains("cannot be opened"), reasons.toString());
            assertTrue(reasons.get(3).contains("unsupported CloudEvent type"), reasons.toString());
            assertEquals(key, dlq.received().get(0).record().key());
            assertEquals(NotificationType.VERIFY_SIGNUP.cloudEventType(), dlq.received().get(1).header("ce_type"),
                    "the DLQ record keeps the CloudEvent headers");
            assertEquals("Your Countersign account is verified", Mailbox.subject(Mailbox.to(email).get(0)));
        }
        assertTrue(RestAssured.get("/q/metrics").asString().contains("countersign_notifications_dead_lettered_total"));
    }

    @Test
    void smtpDownThenUpDeliversEveryNotificationOnce() throws Throwable {
        int port = Infra.mail().getSmtp().getPort();
        Infra.stopMail();
        List<String> emails = new ArrayList<>();
        try {
            for (int i = 0; i < 5; i++) {
                String email = TestEvents.uniqueEmail();
                emails.add(email);
                write(TestEvents.event(box, NotificationType.SEND_RESET_PWD, TestEvents.emailRecipient(email, "en"), Map.of()));
            }
            Thread.sleep(2_000); // several failed attempts, retried with backoff
        } finally {
            Infra.restartMail(port);
        }
        Awaitility.await().atMost(Duration.ofSeconds(30)).until(() -> emails.stream().allMatch(e -> Mailbox.to(e).size() >= 1));
        Thread.sleep(500);
        for (String email : emails) {
            assertEquals(1, Mailbox.to(email).size(), email);
        }
        assertTrue(RestAssured.get("/q/metrics").asString().lines()
                .anyMatch(l -> l.startsWith("countersign_notifications_retried_total") && l.contains("channel=\"email\"")));
    }

    @Test
    void failingSmsProviderIsRetriedUntilItAccepts() throws Throwable {
        String phone = "+49153" + (1_000_000 + (int) (Math.random() * 8_999_999));
        SmsStub.shared().answer(503);
        try {
            write(TestEvents.event(box, NotificationType.SEND_RESET_PWD, new Recipient(null, phone, "sms", "en", null),
                    Map.of()));
            Awaitility.await().atMost(Duration.ofSeconds(20)).until(() -> SmsStub.shared().requestsMentioning(phone).size() >= 2);
        } finally {
            SmsStub.shared().answer(200);
        }
        int before = SmsStub.shared().requestsMentioning(phone).size();
        Awaitility.await().atMost(Duration.ofSeconds(20)).until(() -> RestAssured.get("/q/metrics").asString().lines()
                .anyMatch(l -> l.startsWith("countersign_notifications_sent_total") && l.contains("channel=\"sms\"")));
        Thread.sleep(1_000);
        assertEquals(before + 1, SmsStub.shared().requestsMentioning(phone).size(), "accepted once, then no more requests");
    }

    @Test
    void consumerLagIsExposedAsAMetric() {
        Awaitility.await().atMost(Duration.ofSeconds(20)).until(() -> RestAssured.get("/q/metrics").asString()
                .contains("kafka_consumer_fetch_manager_records_lag"));
    }

    private void write(NotificationEvent event) throws Throwable {
        NotificationType type = NotificationType.fromWireName(event.notificationType()).orElseThrow();
        VertxContextSupport.subscribeAndAwait(() -> Panache.withTransaction(() -> outbox.record(type, event)));
    }
}
