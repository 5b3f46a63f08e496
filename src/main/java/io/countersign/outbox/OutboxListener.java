package io.countersign.outbox;

import java.time.Duration;

import io.countersign.config.RelayConfig;
import io.quarkus.logging.Log;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.vertx.mutiny.core.Vertx;
import io.vertx.mutiny.pgclient.PgConnection;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.SqlConnection;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

/**
 * Keeps one pooled connection LISTENing on {@code countersign_outbox} (see V100__outbox_notify.sql) and wakes
 * the relay on every notification. A lost connection is re-established after a pause; meanwhile the relay's
 * poll keeps rows moving.
 */
@ApplicationScoped
public class OutboxListener {

    static final String CHANNEL = "countersign_outbox";
    private static final Duration RECONNECT_DELAY = Duration.ofSeconds(2);

    private final Pool pool;
    private final Vertx vertx;
    private final OutboxRelay relay;
    private final boolean enabled;
    private volatile SqlConnection connection;
    private volatile boolean stopping;

    public OutboxListener(Pool pool, Vertx vertx, OutboxRelay relay, RelayConfig config) {
        this.pool = pool;
        this.vertx = vertx;
        this.relay = relay;
        this.enabled = config.listen();
    }

    void start(@Observes StartupEvent event) {
        if (enabled && relay.active()) {
            listen();
        }
    }

    void stop(@Observes ShutdownEvent event) {
        stopping = true;
        SqlConnection current = connection;
        if (current != null) {
            current.closeAndForget();
        }
    }

    private void listen() {
        pool.getConnection()
                .invoke(this::attach)
                .chain(c -> c.query("LISTEN " + CHANNEL).execute())
                .subscribe().with(
                        ok -> relay.drain().subscribe().with(x -> { }, e -> { }),
                        failure -> {
                            Log.warnf("Outbox relay: cannot LISTEN (%s), retrying; polling meanwhile", failure.toString());
                            reconnectLater();
                        });
    }

    private void attach(SqlConnection sqlConnection) {
        connection = sqlConnection;
        PgConnection pg = PgConnection.cast(sqlConnection);
        pg.notificationHandler(notification -> relay.drain().subscribe().with(x -> { },
                e -> Log.warn("Outbox relay: drain failed", e)));
        pg.closeHandler(() -> {
            connection = null;
            reconnectLater();
        });
    }

    private void reconnectLater() {
        if (!stopping) {
            vertx.setTimer(RECONNECT_DELAY.toMillis(), id -> listen());
        }
    }
}
