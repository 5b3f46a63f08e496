package io.countersign.notifier;

import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.ThreadLocalRandom;

import io.countersign.notifier.lifecycle.MessageLog;
import io.countersign.notifier.lifecycle.MessageMetrics;
import io.countersign.notifier.lifecycle.MessageState;
import io.quarkus.logging.Log;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * Holds a notification until it is delivered or fails on its own. Before each attempt it asks the circuit breakers
 * of the database and of the notification's transport: while one is open, the notification waits (deferred, the
 * attempt is not spent) and the consumer takes no further record, so an outage of any length is waited out.
 * A failed attempt waits with exponential backoff. Only a failure the message brings on itself goes to the
 * dead-letter topic: a {@link PermanentFailure} at once, and a {@link DeliveryFailure} once it happened more than
 * {@code retry.max-retries} times while the same dependency served other messages in between.
 */
@ApplicationScoped
public class OutageAwareRetry {

    private static final Duration MIN_WAIT = Duration.ofMillis(1);

    private final DeliveryAttempt attempt;
    private final CircuitBreakers breakers;
    private final MessageLog log;
    private final MessageMetrics messageMetrics;
    private final NotifierMetrics metrics;
    private final NotifierConfig.Retry retry;

    public OutageAwareRetry(DeliveryAttempt attempt, CircuitBreakers breakers, MessageLog log, MessageMetrics messageMetrics,
            NotifierMetrics metrics, NotifierConfig config) {
        this.attempt = attempt;
        this.breakers = breakers;
        this.log = log;
        this.messageMetrics = messageMetrics;
        this.metrics = metrics;
        this.retry = config.retry();
    }

    /** Rounds of waiting or trying; each round ends in an outcome, a failure of the message's own, or {@link Again}. */
    Uni<DeliveryAttempt.Outcome> deliver(PendingNotification pending) {
        return Uni.createFrom().deferred(() -> round(pending))
                .onFailure(Again.class).retry().indefinitely();
    }

    private Uni<DeliveryAttempt.Outcome> round(PendingNotification pending) {
        Duration wait = circuitWait(pending);
        if (!wait.isZero()) {
            return defer(pending, wait, "waiting: " + openCircuits(pending) + " unavailable (circuit open)")
                    .chain(() -> Uni.createFrom().failure(Again.INSTANCE));
        }
        return attempt.run(pending)
                .invoke(outcome -> succeeded(pending, outcome))
                .onFailure(DeliveryFailure.class)
                .recoverWithUni(failure -> failed(pending, (DeliveryFailure) failure)
                        .chain(() -> Uni.createFrom().failure(Again.INSTANCE)));
    }

    /** Another round: thrown after a wait, so that the retry loop resubscribes without nesting. */
    static final class Again extends RuntimeException {
        static final Again INSTANCE = new Again();

        private Again() {
            super("again", null, false, false);
        }
    }

    private Duration circuitWait(PendingNotification pending) {
        Duration wait = breakers.of(CircuitBreakers.DATABASE).permission();
        if (wait.isZero() && pending.transport != null) {
            wait = breakers.of(pending.transport).permission();
        }
        return wait;
    }

    private String openCircuits(PendingNotification pending) {
        return breakers.of(CircuitBreakers.DATABASE).isOpen() || pending.transport == null ? CircuitBreakers.DATABASE
                : pending.transport;
    }

    private void succeeded(PendingNotification pending, DeliveryAttempt.Outcome outcome) {
        breakers.of(CircuitBreakers.DATABASE).success();
        if (outcome == DeliveryAttempt.Outcome.SENT && pending.transport != null) {
            breakers.of(pending.transport).success();
        }
    }

    private Uni<Void> failed(PendingNotification pending, DeliveryFailure failure) {
        Notification notification = pending.notification;
        Channel channel = pending.route == null ? null : pending.route.channel();
        String dependency = failure.dependency();
        boolean own = dependency == null;
        if (!own) {
            CircuitBreaker breaker = breakers.of(dependency);
            breaker.failure();
            own = pending.failedOnItsOwn(dependency, breaker.successes());
        }
        metrics.failed(notification.type(), channel);
        if (own && ++pending.ownFailures > retry.maxRetries()) {
            return Uni.createFrom().failure(new PermanentFailure("failed " + pending.ownFailures
                    + " times while " + (dependency == null ? "others were delivered" : dependency + " served other messages")
                    + ": " + failure.getMessage(), failure));
        }
        pending.failuresInARow++;
        metrics.retried(notification.type(), channel);
        Duration backoff = backoff(pending.failuresInARow);
        Log.warnf("Notification %s (%s) failed (%s), next attempt in %d ms: %s", notification.eventId(),
                notification.type().wireName(), own ? "its own failure " + pending.ownFailures + " of " + retry.maxRetries()
                        : dependency + " unavailable", backoff.toMillis(), failure.getMessage());
        pending.deferralRecorded = false;
        return defer(pending, backoff, failure.getMessage());
    }

    /** Records the wait once per wait (best effort: the database may be the thing that is down), then waits. */
    private Uni<Void> defer(PendingNotification pending, Duration wait, String reason) {
        Uni<Void> record = Uni.createFrom().voidItem();
        if (pending.received && !pending.deferralRecorded) {
            pending.deferralRecorded = true;
            Notification notification = pending.notification;
            messageMetrics.entered(MessageState.DEFERRED, notification.type(), pending.route == null ? null : pending.route.channel());
            record = log.deferred(notification.eventId(), reason, Instant.now().plus(wait))
                    .onFailure().invoke(e -> Log.debugf("Notification %s: deferral not recorded: %s", notification.eventId(), e.getMessage()))
                    .onFailure().recoverWithNull().replaceWithVoid();
        }
        // a timer needs at least a millisecond
        return record.onItem().delayIt().by(wait.compareTo(MIN_WAIT) < 0 ? MIN_WAIT : wait);
    }

    private Duration backoff(int failuresInARow) {
        long initial = retry.initialBackoff().toMillis();
        long max = retry.maxBackoff().toMillis();
        long exponential = initial << Math.min(failuresInARow - 1, 20);
        long capped = Math.min(Math.max(exponential, initial), max);
        return Duration.ofMillis(capped / 2 + ThreadLocalRandom.current().nextLong(capped / 2 + 1));
    }
}
