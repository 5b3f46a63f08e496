package io.countersign.notifier;

import io.countersign.notifier.email.EmailRenderer;
import io.countersign.notifier.email.EmailSender;
import io.countersign.notifier.sms.SmsGateway;
import io.countersign.notifier.sms.SmsRenderer;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;

/** Renders a routed notification for its channel and sends it; returns the outcome, e.g. {@code sent:email}. */
@ApplicationScoped
public class NotificationDelivery {

    private final EmailRenderer emailRenderer;
    private final EmailSender emailSender;
    private final SmsRenderer smsRenderer;
    private final SmsGateway smsGateway;

    private final Suppressions suppressions;
    private final NotifierMetrics metrics;

    public NotificationDelivery(EmailRenderer emailRenderer, EmailSender emailSender, SmsRenderer smsRenderer,
            SmsGateway smsGateway, Suppressions suppressions, NotifierMetrics metrics) {
        this.emailRenderer = emailRenderer;
        this.emailSender = emailSender;
        this.smsRenderer = smsRenderer;
        this.smsGateway = smsGateway;
        this.suppressions = suppressions;
        this.metrics = metrics;
    }

    /** Sends, or skips an email address that bounced for good or complained ({@code skipped:undeliverable}, counted). */
    public Uni<String> deliver(Notification notification, Route route) {
        if (route.channel() == Channel.EMAIL) {
            return suppressions.reason(route.address()).chain(reason -> {
                if (reason == null) {
                    return send(notification, route);
                }
                metrics.suppressed(notification.type(), reason);
                return Uni.createFrom().item(Suppressions.SKIPPED);
            });
        }
        return send(notification, route);
    }

    private Uni<String> send(Notification notification, Route route) {
        Uni<Void> sent = switch (route.channel()) {
            case EMAIL -> Uni.createFrom().item(() -> emailRenderer.render(notification, route.address()))
                    .chain(emailSender::send).replaceWithVoid();
            case SMS -> Uni.createFrom().item(() -> smsRenderer.render(notification))
                    .chain(text -> smsGateway.send(route.address(), text));
        };
        return sent.replaceWith("sent:" + route.channel().tag() + (route.fallback() ? " (" + route.reason() + ")" : ""));
    }
}
