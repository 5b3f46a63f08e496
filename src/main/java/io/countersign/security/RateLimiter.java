package io.countersign.security;

import java.util.function.Function;

import org.jboss.logging.Logger;

import io.countersign.audit.Audit;
import io.countersign.audit.AuditType;
import io.countersign.audit.ClientInfo;
import io.countersign.error.RateLimited;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * Checks an action's limits for the calling IP and the target account; fails with {@link RateLimited} when
 * either is exceeded. Every check counts, refused ones included.
 */
@ApplicationScoped
public class RateLimiter {

    private static final Logger LOG = Logger.getLogger(RateLimiter.class);

    private final RateCounter counter;
    private final RateLimitConfig config;
    private final ClientInfo client;
    private final Audit audit;

    public RateLimiter(Pool pool, RateLimitConfig config, ClientInfo client, Audit audit) {
        this.audit = audit;
        this.counter = new RateCounter(pool);
        this.config = config;
        this.client = client;
    }

    /**
     * @param account the target account from {@link AccountKey}, or null when the request names none
     */
    public Uni<Void> check(LimitedAction action, String account) {
        if (!config.enabled()) {
            return Uni.createFrom().voidItem();
        }
        RateLimitConfig.Rule rule = action.rule(config);
        String ipKey = ipKey(action);
        String accountKey = account == null ? null : RateCounter.key(action, "account", account);
        if (ipKey == null && accountKey == null) {
            return Uni.createFrom().voidItem();
        }
        // one round trip for both counters; the account's is only counted when the IP is within its limit
        return counter.hitPair(ipKey, rule.perIp(), accountKey, rule.window()).chain(hits -> verdict(action, rule, hits));
    }

    /**
     * {@link #check} and a read in one statement (one round trip): the read's result when the action is within its
     * limits, else the same refusal as {@link #check}. For read-only actions, whose read changes nothing when refused.
     *
     * @param params the read's parameters ({@code $1} on)
     * @param result the answer built from the read's row
     */
    public <T> Uni<T> checkAlong(LimitedAction action, String account, RateCounter.Read read, Tuple params, Function<Row, T> result) {
        String ipKey = config.enabled() ? ipKey(action) : null;
        String accountKey = config.enabled() && account != null ? RateCounter.key(action, "account", account) : null;
        if (ipKey == null && accountKey == null) {
            return counter.read(read, params).map(result);
        }
        RateLimitConfig.Rule rule = action.rule(config);
        return counter.hitPairWith(ipKey, rule.perIp(), accountKey, rule.window(), read, params).chain(both -> {
            T answer = result.apply(both.row());
            return verdict(action, rule, both.pair()).replaceWith(answer);
        });
    }

    private String ipKey(LimitedAction action) {
        String ip = client.ip();
        return ip == null ? null : RateCounter.key(action, "ip", ip);
    }

    private Uni<Void> verdict(LimitedAction action, RateLimitConfig.Rule rule, RateCounter.Pair hits) {
        if (hits.first() != null && hits.first().count() > rule.perIp()) {
            return refuse(action, "ip", hits.first(), rule.perIp());
        }
        if (hits.second() != null && hits.second().count() > rule.perAccount()) {
            return refuse(action, "account", hits.second(), rule.perAccount());
        }
        return Uni.createFrom().voidItem();
    }

    private Uni<Void> refuse(LimitedAction action, String scope, RateCounter.Hit hit, int limit) {
        LOG.debugf("rate limit: %s per %s exceeded", action.key(), scope);
        RateLimited limited = new RateLimited(hit.secondsLeft());
        // audited once per window and key: the first refused request
        Uni<Void> audited = hit.count() == limit + 1
                ? audit.recordAlone(AuditType.RATE_LIMITED, null, java.util.Map.of("action", action.key(), "scope", scope))
                : Uni.createFrom().voidItem();
        return audited.onItem().failWith(() -> limited);
    }

    /** Deletes counters whose window ended long ago. */
    public Uni<Integer> purge() {
        return counter.purge();
    }
}
