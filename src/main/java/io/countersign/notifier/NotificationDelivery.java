package io.countersign.notifier;

import io.countersign.notifier.email.EmailRenderer;
import io.countersign.notifier.email.EmailSender;
import io.countersign.notifier.sms.SmsGateway;
import io.countersign.notifier.sms.SmsRenderer;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;

/** Renders a routed notification for its channel and sends it through the channel's transport. */
@ApplicationScoped
public class NotificationDelivery {

    private final EmailRenderer emailRenderer;
    private final EmailSender emailSender;
    private final SmsRenderer smsRenderer;
    private final SmsGateway smsGateway;

    public NotificationDelivery(EmailRenderer emailRenderer, EmailSender emailSender, SmsRenderer smsRenderer,
            SmsGateway smsGateway) {
        this.emailRenderer = emailRenderer;
        this.emailSender = emailSender;
        this.smsRenderer = smsRenderer;
        this.smsGateway = smsGateway;
    }

    /** The name of the transport that carries this channel (its circuit breaker, {@code messages.transport}). */
    public String transport(Channel channel) {
        return channel == Channel.EMAIL ? emailSender.transport() : smsGateway.transport();
    }

    public Uni<Delivered> deliver(Notification notification, Route route) {
        Uni<String> providerId = switch (route.channel()) {
            case EMAIL -> Uni.createFrom().item(() -> emailRenderer.render(notification, route.address()))
                    .chain(email -> emailSender.send(email, notification.eventId()));
            case SMS -> Uni.createFrom().item(() -> smsRenderer.render(notification))
                    .chain(text -> smsGateway.send(route.address(), text)).replaceWith((String) null);
        };
        String outcome = "sent:" + route.channel().tag() + (route.fallback() ? " (" + route.reason() + ")" : "");
        return providerId.map(id -> new Delivered(transport(route.channel()), id, outcome));
    }
}
