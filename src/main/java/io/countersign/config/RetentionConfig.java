package io.countersign.config;

import java.time.Duration;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import io.smallrye.config.WithName;

/**
 * How long the account API keeps what it no longer needs (docs/retention.md). Each run deletes in batches of
 * {@link #batchSize()} rows, each batch one statement that skips rows another instance is deleting at the same
 * moment, so any number of instances can run the jobs at once.
 */
@ConfigMapping(prefix = "countersign.retention")
public interface RetentionConfig {

    /** Switches the retention jobs on or off. */
    @WithDefault("true")
    boolean enabled();

    /** How often the jobs run. */
    @WithDefault("1h")
    Duration every();

    /** How long after start-up the first run waits. */
    @WithDefault("45s")
    Duration firstRun();

    /** Rows deleted per statement. */
    @WithDefault("1000")
    int batchSize();

    /** Audit entries older than this are deleted. */
    @WithName("audit-log")
    @WithDefault("P365D")
    Duration auditLog();

    /** Challenges used, superseded, exhausted or revoked, or expired, longer ago than this are deleted. */
    @WithDefault("P30D")
    Duration challenges();
}
