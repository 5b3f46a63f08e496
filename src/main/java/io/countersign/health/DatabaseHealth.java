package io.countersign.health;

import java.time.Duration;

import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;

import io.countersign.config.AvailabilityConfig;
import io.smallrye.health.api.AsyncHealthCheck;
import io.smallrye.mutiny.TimeoutException;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * Readiness of the database as every role uses it: one {@code select 1} on the reactive pool, bounded by
 * {@code countersign.availability.database-check-timeout} so that the answer comes well within the probes' timeout.
 * Quarkus' own datasource checks are off: the JDBC one looked at the pool that only Flyway uses at startup and stayed
 * DOWN for 35-50 s after a PostgreSQL restart, although the application was serving again.
 */
@Readiness
@ApplicationScoped
public class DatabaseHealth implements AsyncHealthCheck {

    static final String NAME = "Database";

    private final Pool pool;
    private final Duration timeout;

    public DatabaseHealth(Pool pool, AvailabilityConfig config) {
        this.pool = pool;
        this.timeout = config.databaseCheckTimeout();
    }

    @Override
    public Uni<HealthCheckResponse> call() {
        return pool.query("select 1").execute()
                .map(rows -> HealthCheckResponse.named(NAME).up().build())
                .ifNoItem().after(timeout).fail()
                .onFailure().recoverWithItem(e -> HealthCheckResponse.named(NAME).down()
                        .withData("reason", e instanceof TimeoutException
                                ? "no answer within " + timeout.toMillis() + " ms" : e.getClass().getSimpleName())
                        .build());
    }
}
