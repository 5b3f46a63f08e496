package io.countersign.notifier;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;

import io.countersign.event.NotificationType;
import io.countersign.event.SecretBox;
import io.countersign.outbox.Outbox;
import io.countersign.outbox.OutboxRelayTestAccess;
import io.countersign.testing.Infra;
import io.countersign.testing.Mailbox;
import io.countersign.testing.TestEvents;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.logging.Log;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.vertx.VertxContextSupport;
import jakarta.inject.Inject;
import kafka.server.BrokerServer;

/** The Kafka broker stops while notifications keep being written: the outbox holds them, nothing is lost or doubled. */
@QuarkusTest
class KafkaOutageTest {

    @Inject
    Outbox outbox;
    @Inject
    SecretBox box;

    @Test
    void brokerStoppedWhileWritingThenRestartedDeliversEverythingOnce() throws Throwable {
        BrokerServer broker = Infra.kafka().brokers().values().iterator().next();
        List<String> emails = new ArrayList<>();
        List<UUID> ids = new ArrayList<>();
        broker.shutdown();
        broker.awaitShutdown();
        long restartedAt;
        try {
            for (int i = 0; i < 5; i++) {
                String email = TestEvents.uniqueEmail();
                emails.add(email);
                var event = TestEvents.event(box, NotificationType.RESEND_VERIFY_SIGNUP, TestEvents.emailRecipient(email, "en"),
                        Map.of());
                ids.add(VertxContextSupport.subscribeAndAwait(() -> Panache.withTransaction(
                        () -> outbox.record(NotificationType.RESEND_VERIFY_SIGNUP, event))).id);
                Thread.sleep(300);
            }
            Thread.sleep(2_000);
            for (UUID id : ids) {
                assertNull(OutboxRelayTestAccess.publishedAt(id), "published while the broker was down");
            }
        } finally {
            broker.startup();
            Infra.kafka().waitForReadyBrokers();
            restartedAt = System.nanoTime();
        }
        Awaitility.await().atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofMillis(100))
                .until(() -> emails.stream().allMatch(e -> !Mailbox.to(e).isEmpty()));
        Log.infof("Kafka outage: all %d notifications delivered %d ms after the broker restarted", emails.size(),
                (System.nanoTime() - restartedAt) / 1_000_000);
        Thread.sleep(2_000);
        for (String email : emails) {
            assertEquals(1, Mailbox.to(email).size(), email);
        }
    }
}
