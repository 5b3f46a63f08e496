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
 * {@code INSERT … ON CONFLICT DO UPDATE … RETURNING} per counter starts a new window when the old one is over and
 * otherwise adds one. Keys hold a hash of the IP or account, never the value itself. Plain class (no CDI), so
 * a test can run a second one on its own connection pool, as a second instance would.
 */
public final class RateCounter {

    /** The outcome of one hit: the count in the current window and the seconds until it ends. */
    public record Hit(int count, long secondsLeft) {
    }

    /**
     * The outcome of {@link #hitPair}: the first counter's hit (null when there was no first key) and the second's
     * (null when there was no second key, or when the first was over its limit and the second was left alone).
     */
    public record Pair(Hit first, Hit second) {
    }

    private static final String UPSERT = """
            insert into rate_limits as r (key, window_start, count) select %s, now(), 1 where %s
            on conflict (key) do update set
              window_start = case when r.window_start + $2::float8 * interval '1 millisecond' <= now() then now() else r.window_start end,
              count = case when r.window_start + $2::float8 * interval '1 millisecond' <= now() then 1 else r.count + 1 end
            returning %s as which, count, greatest(1, ceil(extract(epoch from (window_start + $2::float8 * interval '1 millisecond' - now()))))::bigint as left_s""";

    /**
     * Both counters of a check in one round trip ($1 first key, $2 window in ms, $3 second key, $4 the first
     * counter's limit): the second counter is only touched when the first one is within its limit (a data-modifying
     * CTE runs once, and the second reads the first's RETURNING), exactly as two statements one after the other
     * would, so a caller refused by the first limit cannot wear down the second.
     */
    private static final String PAIR = "with first as (" + UPSERT.formatted("$1::text", "$1::text is not null", "1") + "),\n"
            + "second as (" + UPSERT.formatted("$3::text", "$3::text is not null and coalesce((select count from first), 0) <= $4::int", "2") + ")\n";

    static final String HIT_PAIR = PAIR + "select which, count, left_s from first union all select which, count, left_s from second";

    /**
     * A read that runs in the same statement as both counters of a check ({@link #hitPairWith}), so that a
     * rate-limited read-only action (checkUnique) costs one round trip: its select list, written with its own
     * parameters from {@code $1}. {@link #alone} runs it without counters.
     */
    public static final class Read {

        final String alone;
        final String afterPair;

        public Read(String columns) {
            this.alone = "select " + columns;
            // the data-modifying CTEs run whether or not the select reads them; the read's parameters follow the pair's four
            this.afterPair = PAIR + "select (select count from first) as rate_first_count, (select left_s from first) as rate_first_left,"
                    + " (select count from second) as rate_second_count, (select left_s from second) as rate_second_left, "
                    + java.util.regex.Pattern.compile("\\$(\\d+)").matcher(columns)
                            .replaceAll(m -> java.util.regex.Matcher.quoteReplacement("$" + (Integer.parseInt(m.group(1)) + 4)));
        }
    }

    /** What {@link #hitPairWith} returns: the counters' hits as {@link #hitPair} would, and the read's row. */
    public record PairAnd(Pair pair, Row row) {
    }

    static final String PURGE = "delete from rate_limits where window_start < now() - interval '1 day'";

    private final Pool pool;

    public RateCounter(Pool pool) {
        this.pool = pool;
    }

    /** One hit on one counter. */
    public Uni<Hit> hit(String key, Duration window) {
        return hitPair(key, Integer.MAX_VALUE, null, window).map(Pair::first);
    }

    /**
     * Hits {@code firstKey}, then, when its count is within {@code firstLimit}, {@code secondKey}: one statement.
     * Either key may be null (that counter is skipped).
     */
    public Uni<Pair> hitPair(String firstKey, int firstLimit, String secondKey, Duration window) {
        return pool.preparedQuery(HIT_PAIR).execute(Tuple.of(firstKey, (double) window.toMillis(), secondKey, firstLimit))
                .map(rows -> {
                    Hit first = null;
                    Hit second = null;
                    for (Row row : rows) {
                        Hit hit = new Hit(row.getInteger("count"), row.getLong("left_s"));
                        if (row.getInteger("which") == 1) {
                            first = hit;
                        } else {
                            second = hit;
                        }
                    }
                    return new Pair(first, second);
                });
    }

    /**
     * {@link #hitPair} and {@code read} in one statement: the counters are hit exactly as {@link #hitPair} hits them,
     * and the read sees the database as it was before them. The caller decides from the pair whether to use the row.
     */
    public Uni<PairAnd> hitPairWith(String firstKey, int firstLimit, String secondKey, Duration window, Read read, Tuple readParams) {
        Tuple params = Tuple.of(firstKey, (double) window.toMillis(), secondKey, firstLimit);
        for (int i = 0; i < readParams.size(); i++) {
            params.addValue(readParams.getValue(i));
        }
        return pool.preparedQuery(read.afterPair).execute(params).map(rows -> {
            Row row = rows.iterator().next();
            return new PairAnd(new Pair(hit(row, "rate_first_"), hit(row, "rate_second_")), row);
        });
    }

    /** {@code read} alone, without counters. */
    public Uni<Row> read(Read read, Tuple params) {
        return pool.preparedQuery(read.alone).execute(params).map(rows -> rows.iterator().next());
    }

    private static Hit hit(Row row, String prefix) {
        Integer count = row.getInteger(prefix + "count");
        return count == null ? null : new Hit(count, row.getLong(prefix + "left"));
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
