package io.countersign.notifier.sms;

import java.util.UUID;

import io.countersign.notifier.lifecycle.Recipients;
import io.quarkus.logging.Log;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.SqlClient;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * The SMS abuse guard, asked before an SMS is handed to the gateway: the number's country calling code must be
 * allowed, and its calling code and all SMS together must be within their caps for the window. The caps are counted
 * in PostgreSQL ({@code rate_limits}, the table of the API's rate limits, with keys of its own), so they hold across
 * every notifier instance. A refusal is counted, logged with the number masked, and audited by the caller.
 */
@ApplicationScoped
public class SmsGuard {

    /** Why an SMS was refused; {@link #tag()} is the metric tag and the audit reason. */
    public enum Refusal {
        COUNTRY("country"), PREFIX_CAP("prefix-cap"), GLOBAL_CAP("global-cap");

        private final String tag;

        Refusal(String tag) {
            this.tag = tag;
        }

        public String tag() {
            return tag;
        }
    }

    static final String GLOBAL_KEY = "sms-guard:global";
    static final String PREFIX_KEY = "sms-guard:prefix:";

    private static final String UPSERT = """
            insert into rate_limits as r (key, window_start, count) select %s, now(), 1 where %s
            on conflict (key) do update set
              window_start = case when r.window_start + $3::float8 * interval '1 millisecond' <= now() then now() else r.window_start end,
              count = case when r.window_start + $3::float8 * interval '1 millisecond' <= now() then 1 else r.count + 1 end
            returning count""";

    /**
     * One SMS on both counters ($1 the calling code's key, $2 the global key, $3 the window in ms, $4 the calling
     * code's cap): the global counter is only counted when the calling code is within its cap, so that pumping one
     * calling code cannot use up the budget of the others.
     */
    static final String HIT = "with prefix as (" + UPSERT.formatted("$1::text", "true") + "),\n"
            + "global as (" + UPSERT.formatted("$2::text", "(select count from prefix) <= $4::int") + ")\n"
            + "select (select count from prefix) as prefix_count, (select count from global) as global_count";

    static final String AUDIT = """
            insert into audit_log (user_id, type, details)
            values ($1, 'sms_refused', jsonb_build_object('reason', $2::text, 'type', $3::text, 'prefix', $4::text,
                                                          'recipient', $5::text, 'message', $6::text))""";

    private final Pool pool;
    private final SmsGuardConfig config;
    private final CallingCodes codes;
    private final SmsGuardMetrics metrics;

    public SmsGuard(Pool pool, SmsGuardConfig config, SmsGuardMetrics metrics) {
        this.pool = pool;
        this.config = config;
        this.codes = CallingCodes.of(config);
        this.metrics = metrics;
    }

    /** Null when the SMS may go (and is counted against the caps), otherwise why not. */
    public Uni<Refusal> check(String phone) {
        if (!config.enabled()) {
            return Uni.createFrom().nullItem();
        }
        if (!codes.allowed(phone)) {
            return Uni.createFrom().item(refused(Refusal.COUNTRY, phone));
        }
        String prefix = codes.prefixOf(phone);
        int prefixCap = config.prefixCaps().getOrDefault(prefix, config.prefixCap());
        return pool.preparedQuery(HIT)
                .execute(Tuple.of(PREFIX_KEY + prefix, GLOBAL_KEY, (double) config.window().toMillis(), prefixCap))
                .map(rows -> {
                    Row row = rows.iterator().next();
                    if (row.getInteger("prefix_count") > prefixCap) {
                        return refused(Refusal.PREFIX_CAP, phone);
                    }
                    Integer global = row.getInteger("global_count");
                    return global != null && global > config.globalCap() ? refused(Refusal.GLOBAL_CAP, phone) : null;
                });
    }

    /** The audit entry of a refusal, in the caller's transaction: the reason, never the number in clear. */
    public Uni<Void> audit(SqlClient transaction, UUID messageId, String userId, String type, String phone, Refusal refusal) {
        return transaction.preparedQuery(AUDIT)
                .execute(Tuple.tuple().addValue(UUID.fromString(userId)).addValue(refusal.tag()).addValue(type)
                        .addValue(codes.prefixOf(phone)).addValue(Recipients.mask(phone)).addValue(messageId.toString()))
                .replaceWithVoid();
    }

    private Refusal refused(Refusal refusal, String phone) {
        metrics.refused(refusal);
        Log.infof("SMS guard: an SMS to %s refused (%s)", Recipients.mask(phone), refusal.tag());
        return refusal;
    }
}
