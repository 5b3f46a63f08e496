package io.countersign.notifier;

import java.time.Instant;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.eclipse.microprofile.reactive.messaging.Message;

import io.quarkus.logging.Log;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * Consumes notification CloudEvents: decode → dedupe → route → render → send. Retryable failures are retried
 * with exponential backoff; when retries run out, or at once for a {@link PermanentFailure}, the record is
 * nacked and the connector's dead-letter strategy moves it to the DLQ topic with the reason, so no event ever
 * blocks its partition for longer than the retry budget.
 */
@ApplicationScoped
public class NotificationConsumer {

    /** Logical name of the incoming channel; mapped to the topic in configuration. */
    public static final String CHANNEL = "notifications";
    static final String EXPIRED = "skipped:expired";

    private final EventDecoder decoder;
    private final Router router;
    private final ProcessedEvents processed;
    private final NotificationDelivery delivery;
    private final NotifierMetrics metrics;
    private final NotifierConfig.Retry retry;

    public NotificationConsumer(EventDecoder decoder, Router router, ProcessedEvents processed,
            NotificationDelivery delivery, NotifierMetrics metrics, NotifierConfig config) {
        this.decoder = decoder;
        this.router = router;
        this.processed = processed;
        this.delivery = delivery;
        this.metrics = metrics;
        this.retry = config.retry();
    }

    @Incoming(CHANNEL)
    public Uni<Void> consume(Message<String> message) {
        AtomicReference<Notification> decoded = new AtomicReference<>();
        AtomicReference<Route> routed = new AtomicReference<>();
        return Uni.createFrom().item(() -> decoder.decode(message))
                .invoke(decoded::set)
                .chain(notification -> withRetries(notification, routed))
                .onItemOrFailure().transformToUni((ignored, failure) -> failure == null
                        ? Uni.createFrom().completionStage(message::ack)
                        : deadLetter(message, decoded.get(), routed.get(), failure));
    }

    private Uni<Void> withRetries(Notification notification, AtomicReference<Route> routed) {
        AtomicInteger attempts = new AtomicInteger();
        return Uni.createFrom().deferred(() -> handleOnce(notification, routed))
                .onFailure().invoke(failure -> {
                    Route route = routed.get();
                    metrics.failed(notification.type(), route == null ? null : route.channel());
                    if (!(failure instanceof PermanentFailure) && attempts.incrementAndGet() <= retry.maxRetries()) {
                        metrics.retried(notification.type(), route == null ? null : route.channel());
                        Log.warnf("Notification %s (%s) failed, retry %d of %d: %s", notification.eventId(),
                                notification.type().wireName(), attempts.get(), retry.maxRetries(), failure.getMessage());
                    }
                })
                .onFailure(failure -> !(failure instanceof PermanentFailure)).retry()
                .withBackOff(retry.initialBackoff(), retry.maxBackoff()).atMost(Math.max(retry.maxRetries(), 0))
                .replaceWithVoid();
    }

    private Uni<String> handleOnce(Notification notification, AtomicReference<Route> routed) {
        return processed.once(notification, () -> {
            if (expired(notification)) {
                return Uni.createFrom().item(EXPIRED);
            }
            Route route = router.route(notification);
            routed.set(route);
            return delivery.deliver(notification, route);
        }).invoke(outcome -> {
            if (outcome == null) {
                metrics.duplicate(notification.type());
                Log.debugf("Notification %s already processed; skipped", notification.eventId());
            } else if (Suppressions.SKIPPED.equals(outcome)) {
                Log.infof("Notification %s (%s) not sent: the email address is undeliverable (bounce or complaint)",
                        notification.eventId(), notification.type().wireName());
            } else if (EXPIRED.equals(outcome)) {
                metrics.expired(notification.type());
                Log.infof("Notification %s (%s) not sent: its token expired before it could be delivered",
                        notification.eventId(), notification.type().wireName());
            } else {
                metrics.sent(notification.type(), routed.get().channel());
                Log.infof("Notification %s (%s) %s", notification.eventId(), notification.type().wireName(), outcome);
            }
        });
    }

    /** A link or code that no longer works is not worth sending (e.g. after a long outage). */
    private static boolean expired(Notification notification) {
        return notification.event().expiresAt() != null && notification.event().expiresAt().isBefore(Instant.now());
    }

    private Uni<Void> deadLetter(Message<String> message, Notification notification, Route route, Throwable failure) {
        Throwable reason = failure instanceof PermanentFailure || failure instanceof DeliveryFailure
                || failure.getCause() == null ? failure : failure.getCause();
        metrics.deadLettered(notification == null ? null : notification.type(), route == null ? null : route.channel());
        Log.errorf("Notification %s sent to the dead-letter topic: %s",
                notification == null ? "(undecodable)" : notification.eventId(), reason.getMessage());
        return Uni.createFrom().completionStage(() -> message.nack(reason));
    }
}
