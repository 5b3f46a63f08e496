package io.countersign.outbox;

import java.time.OffsetDateTime;

import io.countersign.config.RelayConfig;
import io.quarkus.logging.Log;
import io.quarkus.scheduler.Scheduled.ConcurrentExecution;
import io.quarkus.scheduler.Scheduled;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;

/** Deletes published outbox rows older than {@link RelayConfig#retention()}; unpublished rows are never touched. */
@ApplicationScoped
public class OutboxCleanup {

    private final Pool pool;
    private final RelayConfig config;

    public OutboxCleanup(Pool pool, RelayConfig config) {
        this.pool = pool;
        this.config = config;
    }

    @Scheduled(every = "${countersign.relay.cleanup-interval:1h}", delay = 30, concurrentExecution = ConcurrentExecution.SKIP,
            skipExecutionIf = OutboxRelay.RelayInactive.class)
    Uni<Void> scheduled() {
        return deletePublishedBefore(OffsetDateTime.now().minus(config.retention()))
                .invoke(count -> {
                    if (count > 0) {
                        Log.infof("Outbox cleanup: deleted %d published rows", count);
                    }
                })
                .onFailure().invoke(e -> Log.warn("Outbox cleanup failed", e))
                .onFailure().recoverWithNull()
                .replaceWithVoid();
    }

    public Uni<Integer> deletePublishedBefore(OffsetDateTime cutoff) {
        return pool.preparedQuery("delete from outbox where published_at is not null and published_at < $1")
                .execute(Tuple.of(cutoff))
                .map(rows -> rows.rowCount());
    }
}
