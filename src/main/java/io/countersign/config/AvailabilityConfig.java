package io.countersign.config;

import java.time.Duration;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** How the service answers while a dependency (the database) is out: 503 {@code unavailable}, and readiness. */
@ConfigMapping(prefix = "countersign.availability")
public interface AvailabilityConfig {

    /** The {@code Retry-After} of a 503 answered during a database outage (whole seconds, at least 1). */
    @WithDefault("5s")
    Duration retryAfter();

    /**
     * How long the readiness check of the database ({@code health/DatabaseHealth}) waits for {@code select 1}; keep
     * it below the probes' timeout (2 s in k8s/).
     */
    @WithDefault("1s")
    Duration databaseCheckTimeout();

    /** {@link #retryAfter()} as the header value. */
    default String retryAfterSeconds() {
        return Long.toString(Math.max(1, retryAfter().toSeconds()));
    }
}
