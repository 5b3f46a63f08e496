package io.countersign.notifier;

import java.nio.charset.StandardCharsets;
import java.time.Duration;

import org.apache.kafka.common.header.Header;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.eclipse.microprofile.reactive.messaging.Message;

import io.countersign.notifier.lifecycle.MessageLog;
import io.countersign.notifier.lifecycle.MessageMetrics;
import io.countersign.notifier.lifecycle.MessageState;
import io.countersign.tracing.Tracing;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanKind;
import io.quarkus.logging.Log;
import io.quarkus.runtime.ShutdownEvent;
import io.smallrye.mutiny.Uni;
import io.smallrye.reactive.messaging.kafka.api.IncomingKafkaRecordMetadata;
import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

/**
 * Consumes notification CloudEvents: decode, then hold the record until it is delivered ({@link OutageAwareRetry}:
 * outages of the transport or the database are waited out with the consumer paused, never dead-lettered). Only a
 * notification that fails on its own is nacked, recorded as dead-lettered in its lifecycle, and moved by the
 * connector's dead-letter strategy to the DLQ topic with the reason (from where it can be replayed). Each record is
 * handled in a consumer span that continues the trace of its {@code traceparent} header (docs/tracing.md).
 */
@ApplicationScoped
public class NotificationConsumer {

    /** Logical name of the incoming channel; mapped to the topic in configuration. */
    public static final String CHANNEL = "notifications";
    /** How long a shutdown waits for the notifications in flight. */
    private static final Duration DRAIN = Duration.ofSeconds(10);

    private final EventDecoder decoder;
    private final OutageAwareRetry retry;
    private final MessageLog log;
    private final NotifierMetrics metrics;
    private final MessageMetrics messageMetrics;
    private final NotifierConfig config;
    private final Tracing tracing;
    private final InFlight inFlight;

    public NotificationConsumer(EventDecoder decoder, OutageAwareRetry retry, MessageLog log, NotifierMetrics metrics,
            MessageMetrics messageMetrics, NotifierConfig config, Tracing tracing,
            @ConfigProperty(name = "quarkus.datasource.reactive.max-size", defaultValue = "20") int poolSize) {
        this.inFlight = new InFlight(limit(config.inFlight(), poolSize));
        this.decoder = decoder;
        this.retry = retry;
        this.log = log;
        this.metrics = metrics;
        this.messageMetrics = messageMetrics;
        this.config = config;
        this.tracing = tracing;
    }

    /**
     * Hands the record over and asks for the next one as soon as it is admitted ({@link InFlight}: up to
     * {@code countersign.notifier.in-flight} at once, one user's records in order); the record is acknowledged when
     * it is done.
     */
    @Incoming(CHANNEL)
    public Uni<Void> consume(Message<String> message) {
        return inFlight.admit(key(message), () -> handle(message));
    }

    /**
     * Each notification being sent holds a database connection (its claim's transaction spans the send), so at most
     * one fewer than the pool's connections are in flight: the short lifecycle statements always find one.
     */
    static int limit(int configured, int poolSize) {
        int limit = Math.max(1, Math.min(configured, poolSize - 1));
        if (limit < configured) {
            Log.infof("Notifier: %d notifications in flight at most, not %d (countersign.notifier.in-flight): the database "
                    + "pool has %d connections (DB_POOL_MAX)", limit, configured, poolSize);
        }
        return limit;
    }

    /**
     * On shutdown, the notifications already handed over are finished (sent and recorded, at most {@code DRAIN}),
     * so that a restart sends none of them again.
     */
    void drain(@Observes @Priority(Integer.MIN_VALUE) ShutdownEvent shutdown) {
        long deadline = System.nanoTime() + DRAIN.toNanos();
        while (inFlight.admitted() > 0 && System.nanoTime() < deadline) {
            try {
                Thread.sleep(20);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
        if (inFlight.admitted() > 0) {
            Log.warnf("Notifier: stopped with %d notifications unfinished; they are delivered again after the restart",
                    inFlight.admitted());
        }
    }

    /** The record's key, the user id; null (ordered with no other record) when it has none. */
    private static String key(Message<String> message) {
        return message.getMetadata(IncomingKafkaRecordMetadata.class).map(IncomingKafkaRecordMetadata::getKey)
                .map(Object::toString).orElse(null);
    }

    private Uni<Void> handle(Message<String> message) {
        Span span = tracing.startCurrent(CHANNEL + " process", SpanKind.CONSUMER, traceparent(message));
        span.setAttribute("messaging.system", "kafka");
        Notification notification;
        try {
            notification = decoder.decode(message);
        } catch (PermanentFailure failure) {
            Tracing.end(span, failure);
            return deadLetter(message, null, failure);
        }
        span.setAttribute("messaging.message.id", notification.eventId().toString());
        PendingNotification pending = new PendingNotification(notification);
        return retry.deliver(pending)
                .invoke(outcome -> report(pending, outcome))
                .onItemOrFailure().transformToUni((outcome, failure) -> failure == null
                        ? Uni.createFrom().completionStage(message::ack)
                        : deadLetter(message, pending, failure))
                .onItemOrFailure().invoke((ignored, failure) -> Tracing.end(span, failure));
    }

    private static String traceparent(Message<String> message) {
        Header header = message.getMetadata(IncomingKafkaRecordMetadata.class)
                .map(kafka -> kafka.getHeaders().lastHeader(Tracing.TRACEPARENT)).orElse(null);
        return header == null || header.value() == null ? null : new String(header.value(), StandardCharsets.UTF_8);
    }

    private void report(PendingNotification pending, DeliveryAttempt.Outcome outcome) {
        Notification notification = pending.notification;
        Channel channel = pending.route == null ? null : pending.route.channel();
        switch (outcome) {
            case DUPLICATE -> {
                metrics.duplicate(notification.type());
                Log.debugf("Notification %s already processed; skipped", notification.eventId());
            }
            case EXPIRED -> {
                metrics.expired(notification.type());
                messageMetrics.entered(MessageState.EXPIRED, notification.type(), channel);
                Log.infof("Notification %s (%s) not sent: its token expired before it could be delivered",
                        notification.eventId(), notification.type().wireName());
            }
            case SUPPRESSED -> {
                messageMetrics.entered(MessageState.SUPPRESSED, notification.type(), channel);
                Log.infof("Notification %s (%s) not sent: %s", notification.eventId(), notification.type().wireName(),
                        pending.suppression.reason());
            }
            case SENT -> {
                metrics.sent(notification.type(), channel);
                messageMetrics.entered(MessageState.SENT, notification.type(), channel);
                Log.infof("Notification %s (%s) %s", notification.eventId(), notification.type().wireName(),
                        pending.delivered.outcome());
            }
        }
    }

    /** Records the dead letter in the lifecycle first (waiting for the database if it must), then nacks. */
    private Uni<Void> deadLetter(Message<String> message, PendingNotification pending, Throwable failure) {
        Throwable reason = failure instanceof PermanentFailure || failure instanceof DeliveryFailure
                || failure.getCause() == null ? failure : failure.getCause();
        Notification notification = pending == null ? null : pending.notification;
        Channel channel = pending == null || pending.route == null ? null : pending.route.channel();
        metrics.deadLettered(notification == null ? null : notification.type(), channel);
        Log.errorf("Notification %s sent to the dead-letter topic: %s",
                notification == null ? "(undecodable)" : notification.eventId(), reason.getMessage());
        Uni<Void> recorded = Uni.createFrom().voidItem();
        if (pending != null && pending.received) {
            messageMetrics.entered(MessageState.DEAD_LETTERED, notification.type(), channel);
            recorded = log.deadLettered(notification.eventId(), reason.getMessage())
                    .onFailure().retry().withBackOff(config.retry().initialBackoff(), config.retry().maxBackoff()).indefinitely()
                    .onFailure().invoke(e -> Log.errorf("Notification %s: dead letter not recorded: %s",
                            notification.eventId(), e.getMessage()))
                    .onFailure().recoverWithNull().replaceWithVoid();
        }
        // the record is settled only when the dead-letter topic has it: until then no offset after it is committed
        return recorded.chain(() -> Uni.createFrom().completionStage(() -> message.nack(reason))
                .onFailure().invoke(e -> Log.warnf("Notification %s: not yet on the dead-letter topic, trying again: %s",
                        notification == null ? "(undecodable)" : notification.eventId(), e.getMessage()))
                .onFailure().retry().withBackOff(config.retry().initialBackoff(), config.retry().maxBackoff()).indefinitely());
    }
}
