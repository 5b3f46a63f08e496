package io.countersign.outbox;

import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.concurrent.atomic.AtomicLong;

import io.countersign.config.RelayConfig;
import io.countersign.config.RoleConfig;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.logging.Log;
import io.quarkus.scheduler.Scheduled;
import io.quarkus.scheduler.Scheduled.ConcurrentExecution;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * The outbox backlog: how many rows wait for the broker and since when. While Kafka is down the outbox is the buffer
 * and this is what to watch (the api's readiness does not depend on Kafka). Counted every
 * {@code countersign.relay.backlog-sample-interval} in the background, so that a metrics scrape or a health probe
 * never waits for the database. Meters: {@code countersign.outbox.unpublished} (rows) and
 * {@code countersign.outbox.oldest.age} (seconds, 0 when empty).
 */
@ApplicationScoped
public class OutboxBacklog {

    private static final String SAMPLE = "select count(*) as unpublished, min(created_at) as oldest from outbox where published_at is null";

    /** What the last sample saw; {@code sampledAt} null before the first one succeeded. */
    public record Sample(long unpublished, Duration oldestAge, Instant sampledAt) {
    }

    private final Pool pool;
    private final boolean active;
    private final AtomicLong unpublished = new AtomicLong();
    private volatile Instant oldest;
    private volatile Instant sampledAt;

    public OutboxBacklog(Pool pool, RelayConfig config, RoleConfig roles, MeterRegistry registry) {
        this.pool = pool;
        this.active = config.enabled() && roles.role().relays();
        Gauge.builder("countersign.outbox.unpublished", unpublished, AtomicLong::get)
                .description("Outbox rows not yet acknowledged by Kafka (last sample)").register(registry);
        Gauge.builder("countersign.outbox.oldest.age", this, backlog -> backlog.current().oldestAge().toMillis() / 1000.0)
                .baseUnit("seconds").description("Age of the oldest outbox row not yet acknowledged by Kafka").register(registry);
    }

    /** Whether this instance relays (and so samples the backlog). */
    public boolean active() {
        return active;
    }

    public Sample current() {
        Instant first = oldest;
        Duration age = first == null ? Duration.ZERO : Duration.between(first, Instant.now());
        return new Sample(unpublished.get(), age.isNegative() ? Duration.ZERO : age, sampledAt);
    }

    @Scheduled(every = "${countersign.relay.backlog-sample-interval:5s}", concurrentExecution = ConcurrentExecution.SKIP,
            skipExecutionIf = OutboxRelay.RelayInactive.class)
    Uni<Void> sample() {
        return pool.query(SAMPLE).execute()
                .invoke(rows -> record(rows.iterator().next()))
                .onFailure().invoke(e -> Log.debugf("Outbox backlog not counted: %s", e.toString()))
                .onFailure().recoverWithNull()
                .replaceWithVoid();
    }

    private void record(Row row) {
        OffsetDateTime first = row.getOffsetDateTime("oldest");
        unpublished.set(row.getLong("unpublished"));
        oldest = first == null ? null : first.toInstant();
        sampledAt = Instant.now();
    }
}
