package io.countersign.notifier;

import io.countersign.notifier.email.EmailRenderer;
import io.countersign.notifier.email.EmailSender;
import io.countersign.notifier.sms.SmsGateway;
import io.countersign.notifier.sms.SmsRenderer;
import io.countersign.tracing.Tracing;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanKind;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * Renders a routed notification for its channel and sends it through the channel's transport, in a client span
 * ({@code smtp send} or {@code sms send}) under the consumer span. An e-mail address that bounced for good or
 * complained is not mailed ({@link Suppressions}): the outcome is {@code skipped:undeliverable}, counted.
 */
@ApplicationScoped
public class NotificationDelivery {

    /** The transport a suppressed message is recorded under in its lifecycle: nothing was handed to a provider. */
    static final String SUPPRESSED = "suppressed";

    private final EmailRenderer emailRenderer;
    private final EmailSender emailSender;
    private final SmsRenderer smsRenderer;
    private final SmsGateway smsGateway;
    private final Tracing tracing;
    private final Suppressions suppressions;
    private final NotifierMetrics metrics;

    public NotificationDelivery(EmailRenderer emailRenderer, EmailSender emailSender, SmsRenderer smsRenderer,
            SmsGateway smsGateway, Tracing tracing, Suppressions suppressions, NotifierMetrics metrics) {
        this.emailRenderer = emailRenderer;
        this.emailSender = emailSender;
        this.smsRenderer = smsRenderer;
        this.smsGateway = smsGateway;
        this.tracing = tracing;
        this.suppressions = suppressions;
        this.metrics = metrics;
    }

    /** The name of the transport that carries this channel (its circuit breaker, {@code messages.transport}). */
    public String transport(Channel channel) {
        return channel == Channel.EMAIL ? emailSender.transport() : smsGateway.transport();
    }

    public Uni<Delivered> deliver(Notification notification, Route route) {
        if (route.channel() == Channel.EMAIL) {
            return suppressions.reason(route.address()).chain(reason -> {
                if (reason == null) {
                    return send(notification, route);
                }
                metrics.suppressed(notification.type(), reason);
                return Uni.createFrom().item(new Delivered(SUPPRESSED, null, Suppressions.SKIPPED));
            });
        }
        return send(notification, route);
    }

    private Uni<Delivered> send(Notification notification, Route route) {
        Span span = tracing.startChild(route.channel() == Channel.EMAIL ? "smtp send" : "sms send", SpanKind.CLIENT);
        span.setAttribute("countersign.notification.type", notification.type().wireName());
        span.setAttribute("messaging.message.id", notification.eventId().toString());
        Uni<String> providerId = switch (route.channel()) {
            case EMAIL -> Uni.createFrom().item(() -> emailRenderer.render(notification, route.address()))
                    .chain(email -> emailSender.send(email, notification.eventId()));
            case SMS -> Uni.createFrom().item(() -> smsRenderer.render(notification))
                    .chain(text -> smsGateway.send(route.address(), text)).replaceWith((String) null);
        };
        String outcome = "sent:" + route.channel().tag() + (route.fallback() ? " (" + route.reason() + ")" : "");
        return providerId.onItemOrFailure().invoke((id, failure) -> Tracing.end(span, failure))
                .map(id -> new Delivered(transport(route.channel()), id, outcome));
    }
}
