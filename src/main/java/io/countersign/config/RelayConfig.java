package io.countersign.config;

import java.time.Duration;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** The outbox relay that publishes notification events to Kafka. */
@ConfigMapping(prefix = "countersign.relay")
public interface RelayConfig {

    /** Master switch; the relay also stays off in the {@code notifier} role. */
    @WithDefault("true")
    boolean enabled();

    /**
     * Fallback poll interval. New rows are normally picked up at once through PostgreSQL LISTEN/NOTIFY; the
     * poll catches anything missed (e.g. while the listening connection was being re-established).
     */
    @WithDefault("1s")
    Duration pollInterval();

    /** Whether to LISTEN for the insert notifications of the outbox trigger. */
    @WithDefault("true")
    boolean listen();

    /** Rows claimed ({@code FOR UPDATE SKIP LOCKED}) and published per transaction. */
    @WithDefault("100")
    int batchSize();

    /** How long to wait for the broker to acknowledge a batch before rolling back and trying again later. */
    @WithDefault("30s")
    Duration sendTimeout();

    /** Source attribute of the CloudEvents. */
    @WithDefault("/countersign")
    String source();

    /** Published rows older than this are deleted. */
    @WithDefault("P7D")
    Duration retention();

    /** How often published rows past their retention are deleted. */
    @WithDefault("1h")
    Duration cleanupInterval();

    /**
     * How often the backlog (unpublished rows, age of the oldest) is counted for the metrics and the readiness
     * detail ({@code outbox/OutboxBacklog}); a health probe or a metrics scrape never waits for the database.
     */
    @WithDefault("5s")
    Duration backlogSampleInterval();
}
