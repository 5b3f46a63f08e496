package io.countersign.notifier;

import java.time.Instant;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

import java.nio.charset.StandardCharsets;

import org.apache.kafka.common.header.Header;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.eclipse.microprofile.reactive.messaging.Message;

import io.countersign.tracing.Tracing;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanKind;
import io.quarkus.logging.Log;
import io.smallrye.reactive.messaging.kafka.api.IncomingKafkaRecordMetadata;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * Consumes notification CloudEvents: decode → dedupe → route → render → send. Retryable failures are retried
 * with exponential backoff; when retries run out, or at once for a {@link PermanentFailure}, the record is
 * nacked and the connector's dead-letter strategy moves it to the DLQ topic with the reason, so no event ever
 * blocks its partition for longer than the retry budget. Each record is handled in a consumer span that continues
 * the trace of its {@code traceparent} header (docs/tracing.md).
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
    private final Tracing tracing;

    public NotificationConsumer(EventDecoder decoder, Router router, ProcessedEvents processed,
            NotificationDelivery delivery, NotifierMetrics metrics, NotifierConfig config, Tracing tracing) {
        this.decoder = decoder;
        this.router = router;
        this.processed = processed;
        this.delivery = delivery;
        this.metrics = metrics;
        this.retry = config.retry();
        this.tracing = tracing;
    }

    @Incoming(CHANNEL)
    public Uni<Void> consume(Message<String> message) {
        AtomicReference<Notification> decoded = new AtomicReference<>();
        AtomicReference<Route> routed = new AtomicReference<>();
        Span span = tracing.startCurrent(CHANNEL + " process", SpanKind.CONSUMER, traceparent(message));
        span.setAttribute("messaging.system", "kafka");
        return Uni.createFrom().item(() -> decoder.decode(message))
                .invoke(decoded::set)
                .invoke(notification -> span.setAttribute("messaging.message.id", notification.eventId().toString()))
                .chain(notification -> withRetries(notification, routed))
                .onItemOrFailure().transformToUni((ignored, failure) -> failure == null
                        ? Uni.createFrom().completionStage(message::ack)
                        : deadLetter(message, decoded.get(), routed.get(), failure))
                .onItemOrFailure().invoke((ignored, failure) -> Tracing.end(span, failure));
    }

    private static String traceparent(Message<String> message) {
        Header header = message.getMetadata(IncomingKafkaRecordMetadata.class)
                .map(kafka -> kafka.getHeaders().lastHeader(Tracing.TRACEPARENT)).orElse(null);
        return header == null || header.value() == null ? null : new String(header.value(), StandardCharsets.UTF_8);
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
