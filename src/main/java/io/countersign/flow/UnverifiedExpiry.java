package io.countersign.flow;

import java.time.OffsetDateTime;
import java.util.Locale;

import io.countersign.config.CountersignConfig;
import io.quarkus.logging.Log;
import io.quarkus.scheduler.Scheduled;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * Unverified accounts older than {@code countersign.verification.unverified-expiry} are treated as absent: a sign-up
 * of their address deletes them first, and a sweep deletes them all. Each is one idempotent DELETE (their challenges
 * go with them, {@code on delete cascade}), so several instances may run it at once.
 */
@ApplicationScoped
public class UnverifiedExpiry {

    /** $1 cutoff. */
    static final String SWEEP = "delete from users where not is_verified and created_at < $1";
    /** $1 cutoff, $2 email, $3 phone, $4 lower-case username (nulls match nothing). */
    static final String HOLDING = "delete from users where not is_verified and created_at < $1"
            + " and (email = $2 or phone = $3 or lower(username) = $4)";

    private final Pool pool;
    private final CountersignConfig config;

    public UnverifiedExpiry(Pool pool, CountersignConfig config) {
        this.pool = pool;
        this.config = config;
    }

    /** Deletes the expired unverified accounts holding any of these (normalised) values; the count deleted. */
    public Uni<Integer> freeAddresses(String email, String phone, String username) {
        Tuple params = Tuple.of(cutoff(), email, phone, username == null ? null : username.toLowerCase(Locale.ROOT));
        return Result.toCompletion(pool.preparedQuery(HOLDING).execute(params).map(rows -> rows.rowCount()));
    }

    /** Deletes every expired unverified account; the count deleted. */
    public Uni<Integer> sweep() {
        return Result.toCompletion(pool.preparedQuery(SWEEP).execute(Tuple.of(cutoff())).map(rows -> rows.rowCount()));
    }

    @Scheduled(every = "${countersign.verification.expiry-sweep-every:1h}", delay = 60,
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    Uni<Void> scheduled() {
        return sweep().invoke(count -> {
            if (count > 0) {
                Log.infof("Deleted %d expired unverified accounts", count);
            }
        }).onFailure().invoke(e -> Log.warn("Deleting expired unverified accounts failed", e))
                .onFailure().recoverWithNull().replaceWithVoid();
    }

    private OffsetDateTime cutoff() {
        return OffsetDateTime.now().minus(config.verification().unverifiedExpiry());
    }
}
