package io.countersign.security;

import org.jboss.logging.Logger;

import io.countersign.audit.Audit;
import io.countersign.audit.AuditType;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
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
        String ip = client.ip();
        Uni<Void> byIp = ip == null ? Uni.createFrom().voidItem() : hit(action, "ip", ip, rule.perIp(), rule);
        return account == null ? byIp : byIp.chain(() -> hit(action, "account", account, rule.perAccount(), rule));
    }

    private Uni<Void> hit(LimitedAction action, String scope, String value, int limit, RateLimitConfig.Rule rule) {
        return counter.hit(RateCounter.key(action, scope, value), rule.window()).chain(hit -> {
            if (hit.count() <= limit) {
                return Uni.createFrom().voidItem();
            }
            LOG.debugf("rate limit: %s per %s exceeded", action.key(), scope);
            RateLimited limited = new RateLimited(hit.secondsLeft());
            // audited once per window and key: the first refused request
            Uni<Void> audited = hit.count() == limit + 1
                    ? audit.recordAlone(AuditType.RATE_LIMITED, null, java.util.Map.of("action", action.key(), "scope", scope))
                    : Uni.createFrom().voidItem();
            return audited.onItem().failWith(() -> limited);
        });
    }

    /** Deletes counters whose window ended long ago. */
    public Uni<Integer> purge() {
        return counter.purge();
    }
}
