package io.countersign.ops;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.awaitility.Awaitility;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.ObjectMapper;

import io.countersign.delivery.OutageRun;
import io.countersign.event.NotificationEvent;
import io.countersign.event.NotificationType;
import io.countersign.event.SecretBox;
import io.countersign.suites.OutageSuite;
import io.countersign.testing.Infra;
import io.countersign.testing.KafkaProbe;
import io.countersign.testing.RawKafka;
import io.countersign.testing.TestEvents;
import io.quarkus.logging.Log;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import jakarta.inject.Inject;

/**
 * Issue 16 item 2: PostgreSQL (the application's own, {@link DatabaseOutageTest.OwnPostgres}) stopped for five minutes
 * ({@code -Dcountersign.test.outage}) while notifications arrive: none is lost, none dead-lettered, none sent twice.
 * The notifier waits with its database circuit open; a message the SMTP server accepted while the database could not
 * record it is recorded afterwards, not sent again. Before the change, 15 s without PostgreSQL let one mail through
 * only on its last retry.
 */
@Tag(OutageSuite.TAG)
@QuarkusTest
@TestProfile(DatabaseOutageTest.OwnDatabase.class)
class NotifierDatabaseOutageTest {

    private static final int BEFORE = 50;
    private static final int DURING = 150;

    @Inject
    SecretBox box;
    @Inject
    ObjectMapper json;

    @Test
    void databaseDownLosesDeadLettersAndDuplicatesNothing() throws Exception {
        Duration outage = OutageRun.outage();
        List<String> ids = new ArrayList<>();
        List<String> emails = new ArrayList<>();
        try (KafkaProbe dlq = new KafkaProbe(Infra.kafka().bootstrapServers(), "countersign.notifications.dlq")) {
            send(BEFORE, ids, emails);
            DatabaseOutageTest.OwnPostgres.stopDatabase();
            long stopped = System.nanoTime();
            try {
                send(DURING, ids, emails);
                Awaitility.await().atMost(Duration.ofSeconds(60)).until(() -> OutageRun.circuitOpen("database") == 1.0);
                long left = outage.toNanos() - (System.nanoTime() - stopped);
                if (left > 0) {
                    Thread.sleep(left / 1_000_000);
                }
            } finally {
                DatabaseOutageTest.OwnPostgres.startDatabase();
            }
            long restarted = System.nanoTime();
            int total = BEFORE + DURING;
            Awaitility.await().atMost(Duration.ofMinutes(5)).pollInterval(Duration.ofSeconds(1))
                    .until(() -> delivered(emails) == total);
            long drained = (System.nanoTime() - restarted) / 1_000_000;
            Awaitility.await().atMost(Duration.ofMinutes(2)).pollInterval(Duration.ofSeconds(2)).ignoreExceptions()
                    .until(() -> sentRecords(ids) == total);
            Thread.sleep(2_000);
            Map<String, Integer> mails = OutageRun.mailsByRecipient();
            long lost = emails.stream().filter(e -> !mails.containsKey(e)).count();
            long duplicated = emails.stream().mapToInt(e -> mails.getOrDefault(e, 0)).filter(n -> n > 1).count();
            long deadLettered = dlq.received().stream().filter(r -> ids.contains(r.header("ce_id"))).count();
            System.out.printf("[outage] PostgreSQL down %d s during %d notifications: %d delivered, %d lost, %d duplicated, "
                    + "%d dead-lettered; all delivered %d ms after restart, all recorded sent%n", outage.toSeconds(), total, total - lost, lost,
                    duplicated, deadLettered, drained);
            Log.infof("NotifierDatabaseOutageTest: %d lost, %d duplicated, %d dead-lettered, drained in %d ms", lost, duplicated,
                    deadLettered, drained);
            assertEquals(0, lost);
            assertEquals(0, duplicated);
            assertEquals(0, deadLettered);
            assertThat(OutageRun.circuitOpen("database")).isEqualTo(0.0);
        }
    }

    /** Lifecycle records in state sent, read from the application's own database. */
    private static long sentRecords(List<String> ids) throws SQLException {
        try (Connection c = DatabaseOutageTest.OwnPostgres.facts().connect();
                PreparedStatement ps = c.prepareStatement("select count(*) from messages where state = 'sent' and id = any(?)")) {
            ps.setArray(1, c.createArrayOf("uuid", ids.stream().map(UUID::fromString).toArray()));
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        }
    }

    private static long delivered(List<String> emails) {
        Map<String, Integer> mails = OutageRun.mailsByRecipient();
        return emails.stream().filter(mails::containsKey).count();
    }

    private void send(int count, List<String> ids, List<String> emails) throws Exception {
        for (int i = 0; i < count; i++) {
            String email = TestEvents.uniqueEmail();
            NotificationEvent event = TestEvents.event(box, NotificationType.RESEND_VERIFY_SIGNUP,
                    TestEvents.emailRecipient(email, "en"), Map.of());
            String id = RawKafka.newId();
            RawKafka.sendCloudEvent(id, NotificationType.RESEND_VERIFY_SIGNUP.cloudEventType(), event.userId(),
                    json.writeValueAsString(event));
            ids.add(id);
            emails.add(email);
        }
    }
}
