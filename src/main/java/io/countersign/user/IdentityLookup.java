package io.countersign.user;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * The accounts an {@link Identity} names, read by one prepared statement on the reactive pool, without an ORM
 * session (issue 19): the first read of forgot-password and verification resend, which happens outside any
 * transaction and decides whether the one-statement path ({@code challenge/ChallengeStatements}) applies. Gives the
 * same users as {@link UserRepository#findByIdentity} (at most two: more than one is ambiguous), detached.
 */
@ApplicationScoped
public class IdentityLookup {

    /** The statement per combination of fields (at most seven), built once. */
    private final Map<String, String> statements = new ConcurrentHashMap<>();
    private final Pool pool;

    public IdentityLookup(Pool pool) {
        this.pool = pool;
    }

    public Uni<List<User>> find(Identity identity) {
        String sql = statements.computeIfAbsent(String.join(",", identity.fieldNames()), fields -> statement(identity));
        return pool.preparedQuery(sql).execute(identity.tuple()).map(rows -> {
            List<User> found = new ArrayList<>(2);
            for (Row row : rows) {
                found.add(UserRows.read(row));
            }
            return found;
        });
    }

    /** {@code select … from users v where <field> = $1 [and …] limit 2}, the fields in the identity's order. */
    static String statement(Identity identity) {
        return "select " + UserRows.COLUMNS + ", " + UserRows.EMAIL_UNDELIVERABLE + " from users v where "
                + identity.sqlCondition("v") + " limit 2";
    }
}
