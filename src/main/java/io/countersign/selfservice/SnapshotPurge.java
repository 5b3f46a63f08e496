package io.countersign.selfservice;

import io.countersign.config.RetentionConfig;
import io.countersign.security.Retention;
import io.quarkus.logging.Log;
import io.quarkus.scheduler.Scheduled;
import io.quarkus.scheduler.Scheduled.ConcurrentExecution;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * The retention job of the self-service processes (docs/retention.md): the rows of stored snapshot tokens, and the
 * spent ids of stateless ones, an hour after they expired (until then a late submission still answers
 * {@code snapshot_expired} rather than {@code snapshot_invalid}). Scheduled like {@link Retention}, on the same
 * switch and roles, in batches that skip rows another instance is deleting.
 */
@ApplicationScoped
public class SnapshotPurge {

    static final String SNAPSHOTS = """
            delete from selfservice_snapshots where token_hash in
              (select token_hash from selfservice_snapshots where expires_at < now() - interval '1 hour'
               limit $1 for update skip locked)""";

    static final String SPENT = """
            delete from selfservice_spent where jti_hash in
              (select jti_hash from selfservice_spent where expires_at < now() - interval '1 hour'
               limit $1 for update skip locked)""";

    private final Pool pool;
    private final RetentionConfig config;

    public SnapshotPurge(Pool pool, RetentionConfig config) {
        this.pool = pool;
        this.config = config;
    }

    @Scheduled(every = "${countersign.retention.every:1h}", delayed = "${countersign.retention.first-run:45s}",
            concurrentExecution = ConcurrentExecution.SKIP, skipExecutionIf = Retention.Inactive.class)
    Uni<Void> scheduled() {
        return run().onFailure().invoke(e -> Log.warn("Retention: deleting expired self-service snapshots failed", e))
                .onFailure().recoverWithNull().replaceWithVoid();
    }

    /** One run: the number of rows deleted from both tables. */
    public Uni<Long> run() {
        return drain("selfservice_snapshots", SNAPSHOTS, 0).chain(stored -> drain("selfservice_spent", SPENT, 0).map(spent -> stored + spent));
    }

    private Uni<Long> drain(String table, String statement, long sofar) {
        return pool.preparedQuery(statement).execute(Tuple.of(config.batchSize())).chain(rows -> {
            long total = sofar + rows.rowCount();
            if (rows.rowCount() >= config.batchSize()) {
                return drain(table, statement, total);
            }
            if (total > 0) {
                Log.infof("Retention: deleted %d expired rows of %s", total, table);
            }
            return Uni.createFrom().item(total);
        });
    }
}
