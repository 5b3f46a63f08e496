package io.countersign.flow;

import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;

import io.countersign.user.Identity;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * Which identifying values are already taken (f-a-m checkUnique). A read-only hot path (a sign-up form asks on
 * every keystroke), so it is one prepared statement on the pool for all three fields, without an ORM session.
 */
@ApplicationScoped
public class Uniqueness {

    /** $1 email, $2 phone, $3 lower-case username (null = not asked), $4 the caller's own id (or null). */
    static final String TAKEN = """
            select exists(select 1 from users where email = $1 and id is distinct from $4) as email,
                   exists(select 1 from users where phone = $2 and id is distinct from $4) as phone,
                   exists(select 1 from users where lower(username) = $3 and id is distinct from $4) as username""";

    private final Pool pool;

    public Uniqueness(Pool pool) {
        this.pool = pool;
    }

    /**
     * @param values field → value (null values are skipped); each is normalised, so a malformed value fails
     * @param ownId  the caller's own id, whose values do not count as taken
     * @return the taken fields, in request order (empty when all are free)
     */
    public Uni<Map<String, Boolean>> taken(Map<String, String> values, UUID ownId) {
        Map<String, String> normalised = new LinkedHashMap<>();
        values.forEach((field, value) -> {
            if (value != null) {
                String n = Identity.normalise(field, value);
                normalised.put(field, Identity.USERNAME.equals(field) ? n.toLowerCase(Locale.ROOT) : n);
            }
        });
        if (normalised.isEmpty()) {
            return Uni.createFrom().item(new LinkedHashMap<>());
        }
        Tuple params = Tuple.of(normalised.get(Identity.EMAIL), normalised.get(Identity.PHONE),
                normalised.get(Identity.USERNAME), ownId);
        return Result.toCompletion(pool.preparedQuery(TAKEN).execute(params).map(rows -> {
            Row row = rows.iterator().next();
            Map<String, Boolean> result = new LinkedHashMap<>();
            normalised.keySet().forEach(field -> result.put(field, row.getBoolean(field)));
            return result;
        }));
    }
}
