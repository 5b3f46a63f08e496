package io.countersign.security;

import io.quarkus.scheduler.Scheduled;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;

/** Keeps {@code rate_limits} small: counters older than a day are deleted. */
@ApplicationScoped
public class RateLimitPurge {

    private final RateLimiter limiter;

    public RateLimitPurge(RateLimiter limiter) {
        this.limiter = limiter;
    }

    @Scheduled(every = "${countersign.rate-limits.purge-every:10m}", concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    Uni<Void> purge() {
        return limiter.purge().replaceWithVoid();
    }
}
