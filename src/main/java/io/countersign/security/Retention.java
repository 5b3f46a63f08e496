package io.countersign.security;

import java.time.OffsetDateTime;

import io.countersign.config.RetentionConfig;
import io.countersign.config.RoleConfig;
import io.quarkus.logging.Log;
import io.quarkus.scheduler.Scheduled;
import io.quarkus.scheduler.Scheduled.ConcurrentExecution;
import io.quarkus.scheduler.ScheduledExecution;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * The retention jobs of the account API: old audit entries, dead challenges and expired sessions are deleted
 * (docs/retention.md).
 * Every statement deletes at most one batch and skips rows locked by a concurrent run, so several instances may run
 * the job at the same time without waiting on each other or deleting anything twice. The notifier forgets its
 * processed event ids itself ({@code notifier/ProcessedEvents}).
 */
@ApplicationScoped
public class Retention {

    /** Audit entries recorded before $1. */
    static final String AUDIT = """
            delete from audit_log where id in
              (select id from audit_log where at < $1 order by at limit $2 for update skip locked)""";

    /** Challenges that ended, or expired without ending, before $1. */
    static final String CHALLENGES = """
            delete from challenges where id in
              (select id from challenges where coalesce(consumed_at, expires_at) < $1 limit $2 for update skip locked)""";

    /** Sessions whose access token expired before $1 (ended ones are deleted when they end, or expire soon after). */
    static final String SESSIONS = """
            delete from sessions where id in
              (select id from sessions where expires_at < $1 limit $2 for update skip locked)""";

    private final Pool pool;
    private final RetentionConfig config;

    public Retention(Pool pool, RetentionConfig config) {
        this.pool = pool;
        this.config = config;
    }

    @Scheduled(every = "${countersign.retention.every:1h}", delayed = "${countersign.retention.first-run:45s}", concurrentExecution = ConcurrentExecution.SKIP,
            skipExecutionIf = Inactive.class)
    Uni<Void> scheduled() {
        return run().onFailure().invoke(e -> Log.warn("Retention: deleting old rows failed", e))
                .onFailure().recoverWithNull().replaceWithVoid();
    }

    /** One run of every job; the number of rows deleted. */
    public Uni<Long> run() {
        OffsetDateTime now = OffsetDateTime.now();
        return drain("audit_log", AUDIT, now.minus(config.auditLog()), 0)
                .chain(audit -> drain("challenges", CHALLENGES, now.minus(config.challenges()), 0).map(c -> audit + c))
                .chain(sofar -> drain("sessions", SESSIONS, now, 0).map(s -> sofar + s));
    }

    /** Deletes batch after batch until one comes back short. */
    private Uni<Long> drain(String table, String statement, OffsetDateTime cutoff, long sofar) {
        return pool.preparedQuery(statement).execute(Tuple.of(cutoff, config.batchSize())).chain(rows -> {
            long total = sofar + rows.rowCount();
            if (rows.rowCount() >= config.batchSize()) {
                return drain(table, statement, cutoff, total);
            }
            if (total > 0) {
                Log.infof("Retention: deleted %d rows of %s older than %s", total, table, cutoff);
            }
            return Uni.createFrom().item(total);
        });
    }

    /** Off when switched off, and on instances that do not serve the account API (the notifier). */
    @ApplicationScoped
    public static class Inactive implements Scheduled.SkipPredicate {

        private final boolean inactive;

        public Inactive(RetentionConfig config, RoleConfig roles) {
            this.inactive = !(config.enabled() && roles.role().servesApi());
        }

        @Override
        public boolean test(ScheduledExecution execution) {
            return inactive;
        }
    }
}
