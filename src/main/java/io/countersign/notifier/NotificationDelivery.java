package io.countersign.notifier;

import io.countersign.notifier.email.EmailRenderer;
import io.countersign.notifier.email.EmailSender;
import io.countersign.notifier.sms.SmsGateway;
import io.countersign.notifier.sms.SmsGuard;
import io.countersign.notifier.sms.SmsGuardMetrics;
import io.countersign.notifier.sms.SmsRenderer;
import io.countersign.tracing.Tracing;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanKind;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.SqlClient;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * Renders a routed notification for its channel and sends it through the channel's transport, in a client span
 * ({@code smtp send} or {@code sms send}) under the consumer span. Before that, {@link #screen} says whether it must
 * not be sent: an e-mail address that bounced for good or complained ({@link Suppressions}), or a number the SMS
 * abuse guard refuses ({@link SmsGuard}).
 */
@ApplicationScoped
public class NotificationDelivery {

    private final EmailRenderer emailRenderer;
    private final EmailSender emailSender;
    private final SmsRenderer smsRenderer;
    private final SmsGateway smsGateway;
    private final Tracing tracing;
    private final Suppressions suppressions;
    private final SmsGuard guard;
    private final NotifierMetrics metrics;
    private final SmsGuardMetrics smsMetrics;

    public NotificationDelivery(EmailRenderer emailRenderer, EmailSender emailSender, SmsRenderer smsRenderer,
            SmsGateway smsGateway, Tracing tracing, Suppressions suppressions, SmsGuard guard, NotifierMetrics metrics,
            SmsGuardMetrics smsMetrics) {
        this.emailRenderer = emailRenderer;
        this.emailSender = emailSender;
        this.smsRenderer = smsRenderer;
        this.smsGateway = smsGateway;
        this.tracing = tracing;
        this.suppressions = suppressions;
        this.guard = guard;
        this.metrics = metrics;
        this.smsMetrics = smsMetrics;
    }

    /** The name of the transport that carries this channel (its circuit breaker, {@code messages.transport}). */
    public String transport(Channel channel) {
        return channel == Channel.EMAIL ? emailSender.transport() : smsGateway.transport();
    }

    /**
     * Null when the routed notification may be sent, else why not (counted in the metrics). Asked once per
     * notification: an SMS that passes is counted against the guard's caps.
     */
    public Uni<Suppression> screen(Notification notification, Route route) {
        if (route.channel() == Channel.EMAIL) {
            return suppressions.reason(route.address()).map(reason -> {
                if (reason == null) {
                    return null;
                }
                metrics.suppressed(notification.type(), reason);
                return Suppression.undeliverable(reason);
            });
        }
        return guard.check(route.address()).map(refusal -> refusal == null ? null : Suppression.guard(refusal));
    }

    /** What a suppression leaves besides its lifecycle record, in that record's transaction: a guard refusal's audit. */
    Uni<Void> recordSuppression(SqlClient transaction, Notification notification, Route route, Suppression suppression) {
        if (suppression.guard() == null) {
            return Uni.createFrom().voidItem();
        }
        return guard.audit(transaction, notification.eventId(), notification.event().userId(), notification.type().wireName(),
                route.address(), suppression.guard());
    }

    /** Renders and sends; an SMS the gateway accepted adds its price to the spend estimate. */
    public Uni<Delivered> deliver(Notification notification, Route route) {
        Span span = tracing.startChild(route.channel() == Channel.EMAIL ? "smtp send" : "sms send", SpanKind.CLIENT);
        span.setAttribute("countersign.notification.type", notification.type().wireName());
        span.setAttribute("messaging.message.id", notification.eventId().toString());
        Uni<String> providerId = switch (route.channel()) {
            case EMAIL -> Uni.createFrom().item(() -> emailRenderer.render(notification, route.address()))
                    .chain(email -> emailSender.send(email, notification.eventId()));
            case SMS -> Uni.createFrom().item(() -> smsRenderer.render(notification))
                    .chain(text -> smsGateway.send(route.address(), text))
                    .invoke(() -> smsMetrics.spent(route.address())).replaceWith((String) null);
        };
        String outcome = "sent:" + route.channel().tag() + (route.fallback() ? " (" + route.reason() + ")" : "");
        return providerId.onItemOrFailure().invoke((id, failure) -> Tracing.end(span, failure))
                .map(id -> new Delivered(transport(route.channel()), id, outcome));
    }
}
