package io.countersign.notifier;

import java.time.Instant;

import io.countersign.notifier.lifecycle.MessageLog;
import io.countersign.notifier.lifecycle.MessageMetrics;
import io.countersign.notifier.lifecycle.MessageState;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * One attempt at a notification: record it (queued, then sending), route it, and, in the transaction that claims
 * the event id, send it and record it as sent. A notification the transport accepted while the database failed is
 * only recorded on the next attempt, never sent again. Failures of the database become {@link DeliveryFailure}s of
 * {@code database}.
 */
@ApplicationScoped
public class DeliveryAttempt {

    /** What an attempt ended in. */
    public enum Outcome { SENT, EXPIRED, SUPPRESSED, DUPLICATE }

    private final MessageLog log;
    private final Router router;
    private final ProcessedEvents processed;
    private final NotificationDelivery delivery;
    private final MessageMetrics metrics;

    public DeliveryAttempt(MessageLog log, Router router, ProcessedEvents processed, NotificationDelivery delivery,
            MessageMetrics metrics) {
        this.log = log;
        this.router = router;
        this.processed = processed;
        this.delivery = delivery;
        this.metrics = metrics;
    }

    Uni<Outcome> run(PendingNotification pending) {
        Notification notification = pending.notification;
        Uni<MessageState> received = pending.received ? Uni.createFrom().item(MessageState.QUEUED)
                : database(log.received(notification)).invoke(state -> {
                    pending.received = true;
                    if (state == MessageState.QUEUED) {
                        metrics.entered(MessageState.QUEUED, notification.type(), null);
                    }
                });
        return received.chain(state -> {
            if (MessageState.FINAL.contains(state)) {
                return Uni.createFrom().item(Outcome.DUPLICATE);
            }
            if (pending.route == null) {
                pending.route = router.route(notification);
                pending.transport = delivery.transport(pending.route.channel());
            }
            if (pending.delivered != null) {
                return record(pending);
            }
            if (expired(notification)) {
                return processed.once(notification, tx -> log.expired(tx, notification.eventId()).replaceWith("skipped:expired"))
                        .map(outcome -> outcome == null ? Outcome.DUPLICATE : Outcome.EXPIRED);
            }
            return screened(pending).chain(suppression -> suppression != null ? suppress(pending, suppression)
                    : database(log.sending(notification, pending.route, pending.transport))
                            .chain(attempt -> attempt == null ? Uni.createFrom().item(Outcome.DUPLICATE) : send(pending)));
        });
    }

    /** Whether it must not be sent (an undeliverable address, the SMS guard); decided once per notification. */
    private Uni<Suppression> screened(PendingNotification pending) {
        if (pending.screened) {
            return Uni.createFrom().item(pending.suppression);
        }
        return database(delivery.screen(pending.notification, pending.route)).invoke(suppression -> {
            pending.screened = true;
            pending.suppression = suppression;
        });
    }

    /** Not sent on purpose: recorded {@code suppressed} (and audited, for the SMS guard) with the processed event id. */
    private Uni<Outcome> suppress(PendingNotification pending, Suppression suppression) {
        Notification notification = pending.notification;
        return processed.once(notification, tx -> log.suppressed(tx, notification.eventId(), pending.route, suppression.reason())
                .call(() -> delivery.recordSuppression(tx, notification, pending.route, suppression))
                .replaceWith(suppression.outcome()))
                .map(outcome -> outcome == null ? Outcome.DUPLICATE : Outcome.SUPPRESSED);
    }

    private Uni<Outcome> send(PendingNotification pending) {
        Notification notification = pending.notification;
        metrics.entered(MessageState.SENDING, notification.type(), pending.route.channel());
        return processed.once(notification, tx -> delivery.deliver(notification, pending.route)
                .onFailure(DatabaseFailures::isDatabase).transform(e -> new DeliveryFailure(null,
                        "failed: " + e.getClass().getSimpleName(), e))
                .invoke(sent -> pending.delivered = sent)
                .call(sent -> log.sent(tx, notification.eventId(), sent.providerMessageId(), detail(sent)))
                .map(Delivered::outcome))
                .map(outcome -> outcome == null ? Outcome.DUPLICATE : Outcome.SENT);
    }

    /** The transport accepted it earlier; the database could not record that then. */
    private Uni<Outcome> record(PendingNotification pending) {
        Delivered sent = pending.delivered;
        return processed.once(pending.notification,
                tx -> log.sent(tx, pending.notification.eventId(), sent.providerMessageId(), detail(sent)).replaceWith(sent.outcome()))
                .map(outcome -> outcome == null ? Outcome.DUPLICATE : Outcome.SENT);
    }

    private static String detail(Delivered sent) {
        return sent.transport() + (sent.providerMessageId() == null ? "" : " " + sent.providerMessageId());
    }

    /** A link or code that no longer works is not worth sending (e.g. after a long outage). */
    private static boolean expired(Notification notification) {
        return notification.event().expiresAt() != null && notification.event().expiresAt().isBefore(Instant.now());
    }

    private static <T> Uni<T> database(Uni<T> step) {
        return step.onFailure(DatabaseFailures::isDatabase).transform(DatabaseFailures::wrap);
    }
}
