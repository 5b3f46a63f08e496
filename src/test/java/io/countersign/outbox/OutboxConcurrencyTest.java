package io.countersign.outbox;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.sql.Connection;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;

import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.ObjectMapper;

import io.countersign.event.NotificationType;
import io.countersign.event.SecretBox;
import io.countersign.testing.Infra;
import io.countersign.testing.KafkaProbe;
import io.countersign.testing.TestEvents;
import io.quarkus.test.junit.QuarkusTest;
import io.smallrye.mutiny.Uni;
import jakarta.inject.Inject;

/** Several relays draining one outbox at once (FOR UPDATE SKIP LOCKED) publish every row exactly once. */
@QuarkusTest
class OutboxConcurrencyTest {

    @Inject
    OutboxPublisher publisher;
    @Inject
    SecretBox box;
    @Inject
    ObjectMapper json;

    @Test
    void concurrentRelaysNeverPublishARowTwice() throws Exception {
        int rows = 300;
        Set<UUID> ids = new HashSet<>();
        try (KafkaProbe probe = new KafkaProbe(Infra.kafka().bootstrapServers(), "countersign.notifications");
                Connection c = Infra.postgres().connect()) {
            c.setAutoCommit(false);
            try (var insert = c.prepareStatement("insert into outbox (id, aggregate_type, aggregate_id, type, payload) "
                    + "values (?, 'user', ?, ?, ?::jsonb)")) {
                for (int i = 0; i < rows; i++) {
                    var event = TestEvents.event(box, NotificationType.PASSWORD_CHANGE,
                            TestEvents.emailRecipient(TestEvents.uniqueEmail(), "en"), Map.of());
                    UUID id = UUID.randomUUID();
                    ids.add(id);
                    insert.setObject(1, id);
                    insert.setObject(2, UUID.fromString(event.userId()));
                    insert.setString(3, NotificationType.PASSWORD_CHANGE.cloudEventType());
                    insert.setString(4, json.writeValueAsString(event));
                    insert.addBatch();
                }
                insert.executeBatch();
            }
            c.commit();
            // four more "instances" race the application's own relay (woken by the commit)
            List<Uni<Integer>> racers = new ArrayList<>();
            for (int i = 0; i < 4; i++) {
                racers.add(io.smallrye.mutiny.Multi.createBy().repeating().uni(publisher::publishBatch)
                        .whilst(n -> n > 0).collect().asList().map(l -> l.stream().mapToInt(Integer::intValue).sum()));
            }
            Uni.join().all(racers).andFailFast().await().atMost(Duration.ofSeconds(60));
            Awaitility.await().atMost(Duration.ofSeconds(30)).until(() -> probe.received().stream()
                    .filter(r -> ids.contains(UUID.fromString(r.header("ce_id")))).count() >= rows);
            Thread.sleep(1_000);
            Map<String, Long> perId = probe.received().stream().map(r -> r.header("ce_id"))
                    .filter(id -> ids.contains(UUID.fromString(id)))
                    .collect(Collectors.groupingBy(id -> id, Collectors.counting()));
            assertEquals(rows, perId.size());
            assertEquals(Set.of(1L), new HashSet<>(perId.values()), "some rows were published more than once");
        }
    }
}
