package io.countersign.notifier;

import java.time.OffsetDateTime;
import java.util.function.Function;

import io.quarkus.logging.Log;
import io.quarkus.scheduler.Scheduled.ConcurrentExecution;
import io.quarkus.scheduler.Scheduled;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.SqlConnection;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * The notifier's idempotency record ({@code processed_events}). {@link #once} claims the event id, runs the
 * work (the send and its lifecycle record) and records its outcome in one transaction: a failed delivery rolls
 * the claim back (so a retry or a redelivery tries again), a concurrent duplicate waits on the uncommitted claim
 * and is then skipped. A failure of the database itself is a {@link DeliveryFailure} of {@code database}.
 */
@ApplicationScoped
public class ProcessedEvents {

    /**
     * Also makes this transaction's commit asynchronous ({@code synchronous_commit} off, for this transaction only, in
     * the same round trip): the notifier does not wait for a disk flush per message (the benchmark's notification
     * latency was bound by it). The only risk is confined to a crash of the database server: the records of the last
     * fraction of a second may be lost, and an event whose Kafka offset was not committed yet is then sent again.
     */
    private static final String CLAIM = """
            with async_commit as (select set_config('synchronous_commit', 'off', true))
            insert into processed_events (event_id, type, outcome) select $1, $2, 'pending' from async_commit
            on conflict (event_id) do nothing""";
    private static final String OUTCOME = "update processed_events set outcome = $2, processed_at = now() where event_id = $1";

    private final Pool pool;
    private final NotifierConfig config;

    public ProcessedEvents(Pool pool, NotifierConfig config) {
        this.pool = pool;
        this.config = config;
    }

    /**
     * @param work runs on the transaction's connection; sends the notification and returns its outcome, e.g.
     *             {@code sent:email}
     * @return the outcome, or null when the event had already been processed
     */
    public Uni<String> once(Notification notification, Function<SqlConnection, Uni<String>> work) {
        return pool.withTransaction(connection -> connection.preparedQuery(CLAIM)
                .execute(Tuple.of(notification.eventId(), notification.type().wireName()))
                .chain(claimed -> claimed.rowCount() == 0
                        ? Uni.createFrom().<String>nullItem()
                        : work.apply(connection).call(outcome -> connection.preparedQuery(OUTCOME)
                                .execute(Tuple.of(notification.eventId(), outcome)))))
                .onFailure(DatabaseFailures::isDatabase).transform(DatabaseFailures::wrap);
    }

    @Scheduled(every = "1h", delay = 60, concurrentExecution = ConcurrentExecution.SKIP)
    Uni<Void> forgetOld() {
        OffsetDateTime before = OffsetDateTime.now().minus(config.processedRetention());
        return pool.preparedQuery("delete from processed_events where processed_at < $1").execute(Tuple.of(before))
                .chain(() -> pool.preparedQuery("delete from messages where updated_at < $1 and state not in "
                        + "('queued', 'sending', 'deferred')").execute(Tuple.of(before)))
                .onFailure().invoke(e -> Log.warn("Notifier: cleaning processed_events and messages failed", e))
                .onFailure().recoverWithNull()
                .replaceWithVoid();
    }
}
