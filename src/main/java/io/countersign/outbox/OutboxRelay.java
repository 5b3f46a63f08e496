package io.countersign.outbox;

import java.util.concurrent.atomic.AtomicBoolean;

import io.countersign.config.RelayConfig;
import io.countersign.config.RoleConfig;
import io.quarkus.logging.Log;
import io.quarkus.scheduler.Scheduled.ConcurrentExecution;
import io.quarkus.scheduler.Scheduled;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * Drives the {@link OutboxPublisher}: woken at once by {@link OutboxListener} (PostgreSQL NOTIFY on commit),
 * and by a short poll as a fallback. One drain runs at a time per instance; a wake-up during a drain makes
 * it go round once more, so no committed row waits for the next poll.
 */
@ApplicationScoped
public class OutboxRelay {

    private final OutboxPublisher publisher;
    private final boolean active;
    private final int batchSize;
    private final AtomicBoolean draining = new AtomicBoolean();
    private final AtomicBoolean again = new AtomicBoolean();

    public OutboxRelay(OutboxPublisher publisher, RelayConfig config, RoleConfig roles) {
        this.publisher = publisher;
        this.active = config.enabled() && roles.role().relays();
        this.batchSize = config.batchSize();
    }

    public boolean active() {
        return active;
    }

    @Scheduled(every = "${countersign.relay.poll-interval:1s}", delay = 1, concurrentExecution = ConcurrentExecution.SKIP,
            skipExecutionIf = RelayInactive.class)
    Uni<Void> poll() {
        return drain();
    }

    /** Publishes until the outbox is empty; returns at once when a drain is already running. */
    public Uni<Void> drain() {
        if (!active) {
            return Uni.createFrom().voidItem();
        }
        if (!draining.compareAndSet(false, true)) {
            again.set(true);
            return Uni.createFrom().voidItem();
        }
        again.set(false);
        // a batch short of full means the outbox was empty when it was claimed; rows committed since then have sent
        // their own NOTIFY, which set `again`, so no extra claim is needed just to find the outbox empty
        return Multi.createBy().repeating().uni(publisher::publishBatch)
                .whilst(published -> published >= batchSize)
                .collect().last()
                .onFailure().invoke(e -> Log.warnf("Outbox relay: publishing failed, will retry: %s", e.toString()))
                .onFailure().recoverWithNull()
                .onTermination().invoke(this::finished)
                .replaceWithVoid();
    }

    private void finished() {
        draining.set(false);
        if (again.getAndSet(false)) {
            drain().subscribe().with(ignored -> { }, e -> Log.warn("Outbox relay: drain failed", e));
        }
    }

    /** Skips the poll when this instance does not relay. */
    @ApplicationScoped
    public static class RelayInactive implements Scheduled.SkipPredicate {

        private final boolean inactive;

        public RelayInactive(RelayConfig config, RoleConfig roles) {
            this.inactive = !(config.enabled() && roles.role().relays());
        }

        @Override
        public boolean test(io.quarkus.scheduler.ScheduledExecution execution) {
            return inactive;
        }
    }
}
