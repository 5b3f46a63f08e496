package io.countersign.error;

import java.net.ConnectException;
import java.net.NoRouteToHostException;
import java.net.UnknownHostException;
import java.nio.channels.ClosedChannelException;
import java.sql.SQLNonTransientConnectionException;
import java.sql.SQLTransientConnectionException;

import org.hibernate.exception.JDBCConnectionException;

import io.vertx.core.http.ConnectionPoolTooBusyException;
import io.vertx.core.impl.NoStackTraceTimeoutException;
import io.vertx.pgclient.PgException;
import io.vertx.sqlclient.ClosedConnectionException;

/**
 * Recognises a database that cannot be reached right now (stopped, restarting, unreachable, connections cut or the
 * pool exhausted), however deeply the failure is wrapped (Hibernate Reactive, Mutiny, Vert.x). Such a failure is an
 * outage of a dependency: each surface answers 503 with {@code Retry-After}, never 500, and the next request after
 * recovery succeeds (the pools reconnect on their own).
 */
public final class Unavailable {

    private Unavailable() {
    }

    public static boolean isUnavailable(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof ConnectException || t instanceof NoRouteToHostException || t instanceof UnknownHostException
                    || t instanceof ClosedChannelException || t instanceof ClosedConnectionException
                    || t instanceof ConnectionPoolTooBusyException || t instanceof NoStackTraceTimeoutException
                    || t instanceof JDBCConnectionException || t instanceof SQLTransientConnectionException
                    || t instanceof SQLNonTransientConnectionException) {
                return true;
            }
            if (t instanceof PgException pg && unavailableState(pg.getSqlState())) {
                return true;
            }
        }
        return false;
    }

    /**
     * SQLSTATE class 08 (connection exception), 57P01-57P03 (admin/crash shutdown, cannot connect now: the server is
     * stopping or starting up), 53300 (too many connections).
     */
    private static boolean unavailableState(String state) {
        return state != null && (state.startsWith("08") || state.equals("57P01") || state.equals("57P02")
                || state.equals("57P03") || state.equals("53300"));
    }
}
