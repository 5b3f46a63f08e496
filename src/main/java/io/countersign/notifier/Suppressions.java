package io.countersign.notifier;

import java.util.Locale;

import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * The notifier's read of {@code email_suppressions} (V610), which the delivery feedback endpoints write: the API
 * already leaves an undeliverable address out of new events, this catches the events queued before the bounce
 * arrived. The notifier only reads the table, through SQL, and imports nothing of the API's code.
 */
@ApplicationScoped
public class Suppressions {

    static final String SKIPPED = "skipped:undeliverable";
    private static final String REASON = "select reason from email_suppressions where address = $1";

    private final Pool pool;

    public Suppressions(Pool pool) {
        this.pool = pool;
    }

    /** Why the address must not be mailed, or null. A database failure fails the attempt (retried). */
    public Uni<String> reason(String address) {
        return pool.preparedQuery(REASON).execute(Tuple.of(address.strip().toLowerCase(Locale.ROOT)))
                .map(rows -> rows.rowCount() == 0 ? null : rows.iterator().next().getString(0));
    }
}
