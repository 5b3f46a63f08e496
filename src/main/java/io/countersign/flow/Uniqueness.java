package io.countersign.flow;

import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;

import io.countersign.security.LimitedAction;
import io.countersign.security.RateCounter;
import io.countersign.security.RateLimiter;
import io.countersign.user.Identity;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * Which identifying values are already taken (f-a-m checkUnique). A read-only hot path (a sign-up form asks on
 * every keystroke), so it is one prepared statement on the pool for all three fields, without an ORM session; when a
 * caller asks ({@link #takenWithin}), the same statement also counts the action's rate limits.
 */
@ApplicationScoped
public class Uniqueness {

    /** $1 email, $2 phone, $3 lower-case username (null = not asked), $4 the caller's own id (or null). */
    public static final RateCounter.Read TAKEN = new RateCounter.Read("""
            exists(select 1 from users where email = $1 and id is distinct from $4) as email,
                   exists(select 1 from users where phone = $2 and id is distinct from $4) as phone,
                   exists(select 1 from users where lower(username) = $3 and id is distinct from $4) as username""");

    /** Runs {@link #TAKEN} alone, for the flows that check values of their own (sign-up, identity change). */
    private final RateCounter reads;
    private final RateLimiter limits;

    public Uniqueness(Pool pool, RateLimiter limits) {
        this.reads = new RateCounter(pool);
        this.limits = limits;
    }

    /**
     * @param values field → value (null values are skipped); each is normalised, so a malformed value fails
     * @param ownId  the caller's own id, whose values do not count as taken
     * @return the taken fields, in request order (empty when all are free)
     */
    public Uni<Map<String, Boolean>> taken(Map<String, String> values, UUID ownId) {
        Map<String, String> normalised = normalise(values);
        if (normalised.isEmpty()) {
            return Uni.createFrom().item(new LinkedHashMap<>());
        }
        return Result.toCompletion(reads.read(TAKEN, params(normalised, ownId)).map(row -> result(normalised, row)));
    }

    /**
     * {@link #taken} for a caller that asks (checkUnique on either surface), under the action's rate limits: the
     * counters and the lookup are one statement, one round trip. Every call counts, malformed ones included (those
     * are counted alone, then refused).
     *
     * @param account the account the request names ({@link io.countersign.security.AccountKey}), or null
     */
    public Uni<Map<String, Boolean>> takenWithin(LimitedAction action, String account, Map<String, String> values, UUID ownId) {
        Map<String, String> normalised;
        try {
            normalised = normalise(values);
        } catch (RuntimeException malformed) {
            return limits.check(action, account).chain(() -> Uni.createFrom().failure(malformed));
        }
        if (normalised.isEmpty()) {
            return limits.check(action, account).replaceWith(new LinkedHashMap<>());
        }
        return Result.toCompletion(limits.checkAlong(action, account, TAKEN, params(normalised, ownId), row -> result(normalised, row)));
    }

    private static Map<String, String> normalise(Map<String, String> values) {
        Map<String, String> normalised = new LinkedHashMap<>();
        values.forEach((field, value) -> {
            if (value != null) {
                String n = Identity.normalise(field, value);
                normalised.put(field, Identity.USERNAME.equals(field) ? n.toLowerCase(Locale.ROOT) : n);
            }
        });
        return normalised;
    }

    private static Tuple params(Map<String, String> normalised, UUID ownId) {
        return Tuple.of(normalised.get(Identity.EMAIL), normalised.get(Identity.PHONE), normalised.get(Identity.USERNAME), ownId);
    }

    private static Map<String, Boolean> result(Map<String, String> normalised, Row row) {
        Map<String, Boolean> result = new LinkedHashMap<>();
        normalised.keySet().forEach(field -> result.put(field, row.getBoolean(field)));
        return result;
    }
}
