package io.countersign.security;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.Base64;

import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;

/**
 * Fixed-window counters in the {@code rate_limits} table, shared by every instance: one atomic
 * {@code INSERT … ON CONFLICT DO UPDATE … RETURNING} per hit starts a new window when the old one is over and
 * otherwise adds one. Keys hold a hash of the IP or account, never the value itself. Plain class (no CDI), so
 * a test can run a second one on its own connection pool, as a second instance would.
 */
public final class RateCounter {

    /** The outcome of one hit: the count in the current window and the seconds until it ends. */
    public record Hit(int count, long secondsLeft) {
    }

    static final String HIT = """
            insert into rate_limits as r (key, window_start, count) values ($1, now(), 1)
            on conflict (key) do update set
              window_start = case when r.window_start + $2::float8 * interval '1 millisecond' <= now() then now() else r.window_start end,
              count = case when r.window_start + $2::float8 * interval '1 millisecond' <= now() then 1 else r.count + 1 end
            returning count, greatest(1, ceil(extract(epoch from (window_start + $2::float8 * interval '1 millisecond' - now()))))::bigint as left_s
            """;

    static final String PURGE = "delete from rate_limits where window_start < now() - interval '1 day'";

    private final Pool pool;

    public RateCounter(Pool pool) {
        this.pool = pool;
    }

    public Uni<Hit> hit(String key, Duration window) {
        return pool.preparedQuery(HIT).execute(Tuple.of(key, (double) window.toMillis()))
                .map(rows -> {
                    Row row = rows.iterator().next();
                    return new Hit(row.getInteger("count"), row.getLong("left_s"));
                });
    }

    public Uni<Integer> purge() {
        return pool.query(PURGE).execute().map(rows -> rows.rowCount());
    }

    /** The counter key of an action for one IP or account: {@code action:scope:sha256(value)}. */
    public static String key(LimitedAction action, String scope, String value) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(value.getBytes(StandardCharsets.UTF_8));
            return action.key() + ":" + scope + ":" + Base64.getUrlEncoder().withoutPadding().encodeToString(digest);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
