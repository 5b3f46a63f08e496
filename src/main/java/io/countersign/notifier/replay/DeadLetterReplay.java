package io.countersign.notifier.replay;

import java.net.ConnectException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.Callable;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.Header;
import org.eclipse.microprofile.config.inject.ConfigProperty;

import io.countersign.event.NotificationType;
import io.countersign.notifier.lifecycle.MessageLog;
import io.countersign.notifier.lifecycle.MessageMetrics;
import io.countersign.notifier.lifecycle.MessageState;
import io.quarkus.logging.Log;
import io.smallrye.common.annotation.Identifier;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.infrastructure.Infrastructure;
import io.vertx.mutiny.sqlclient.Pool;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * Replays dead-lettered notifications: reads the dead-letter topic to its end and, for each selected record whose
 * message is still {@code dead_lettered}, moves the message back to {@code queued} and produces the record back to
 * the notification topic, in one transaction that commits only after the broker's ack. Each message is replayed once
 * per run (several dead-letter records of one message count once), and a second run finds nothing left to replay: a
 * replayed message is queued, then sent or dead-lettered anew. Should the commit fail after the ack, the notifier's
 * deduplication by event id keeps the message from being sent twice.
 */
@ApplicationScoped
public class DeadLetterReplay {

    private final Pool pool;
    private final MessageLog log;
    private final MessageMetrics metrics;
    private final Map<String, Object> kafka;
    private final String topic;
    private final String deadLetterTopic;

    public DeadLetterReplay(Pool pool, MessageLog log, MessageMetrics metrics,
            @Identifier("default-kafka-broker") Map<String, Object> kafka,
            @ConfigProperty(name = "mp.messaging.incoming.notifications.topic", defaultValue = "countersign.notifications") String topic,
            @ConfigProperty(name = "mp.messaging.incoming.notifications.dead-letter-queue.topic",
                    defaultValue = "countersign.notifications.dlq") String deadLetterTopic) {
        this.pool = pool;
        this.log = log;
        this.metrics = metrics;
        this.kafka = kafka;
        this.topic = topic;
        this.deadLetterTopic = deadLetterTopic;
    }

    public Uni<ReplayResult> replay(ReplaySelection selection, String by) {
        DeadLetterRecords records = new DeadLetterRecords(kafka, topic, deadLetterTopic);
        Set<UUID> seen = new HashSet<>();
        List<UUID> replayed = new ArrayList<>();
        int[] skipped = { 0 };
        return blocking(records::readAll)
                .onItem().transformToMulti(all -> Multi.createFrom().iterable(all))
                .filter(r -> id(r).filter(id -> selection.matches(id, type(r))).filter(seen::add).isPresent())
                .onItem().transformToUniAndConcatenate(r -> replayOne(records, r, by))
                .collect().asList()
                .map(outcomes -> {
                    outcomes.forEach(o -> o.ifPresentOrElse(replayed::add, () -> skipped[0]++));
                    return new ReplayResult(List.copyOf(replayed), skipped[0]);
                })
                .eventually(() -> blocking(() -> {
                    records.close();
                    return null;
                }))
                .invoke(result -> Log.infof("Replay of dead letters (%s) by %s: %d replayed, %d skipped", selection, by,
                        result.replayed().size(), result.skipped()))
                .onFailure().transform(e -> new IllegalStateException("replay failed: Kafka or the database unavailable",
                        new ConnectException(e.getClass().getSimpleName() + ": " + e.getMessage())));
    }

    /** Present with the id when replayed; empty when the message is not dead-lettered (any more), or unknown. */
    private Uni<Optional<UUID>> replayOne(DeadLetterRecords records, ConsumerRecord<String, String> record, String by) {
        UUID id = id(record).orElseThrow();
        return pool.withTransaction(tx -> log.requeued(tx, id, "replayed from the dead-letter topic by " + by)
                .chain(attempt -> attempt == null ? Uni.createFrom().item(Optional.<UUID>empty())
                        : blocking(() -> {
                            records.produceBack(record);
                            return Optional.of(id);
                        })))
                .invoke(done -> done.ifPresent(x -> type(record).ifPresent(t -> metrics.entered(MessageState.QUEUED, t, null))));
    }

    private static Optional<UUID> id(ConsumerRecord<String, String> record) {
        try {
            return Optional.ofNullable(header(record, "ce_id")).map(UUID::fromString);
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
    }

    private static Optional<NotificationType> type(ConsumerRecord<String, String> record) {
        return NotificationType.fromCloudEventType(header(record, "ce_type"));
    }

    private static String header(ConsumerRecord<String, String> record, String key) {
        Header header = record.headers().lastHeader(key);
        return header == null ? null : new String(header.value(), StandardCharsets.UTF_8);
    }

    private static <T> Uni<T> blocking(Callable<T> work) {
        return Uni.createFrom().item(() -> {
            try {
                return work.call();
            } catch (RuntimeException e) {
                throw e;
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        }).runSubscriptionOn(Infrastructure.getDefaultWorkerPool());
    }
}
