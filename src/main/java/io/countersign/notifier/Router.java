package io.countersign.notifier;

import io.countersign.event.NotificationEvent;
import io.countersign.event.Recipient;
import io.quarkus.logging.Log;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * Chooses the channel: {@code notifierOptions.transport} if given, else the recipient's preferred channel
 * (email when unset); when that channel has no address, the other one, saying so in the log and metrics.
 */
@ApplicationScoped
public class Router {

    public static final String TRANSPORT_OPTION = "transport";

    private final NotifierMetrics metrics;

    public Router(NotifierMetrics metrics) {
        this.metrics = metrics;
    }

    public Route route(Notification notification) {
        NotificationEvent event = notification.event();
        Recipient recipient = event.recipient();
        String option = event.notifierOptions() == null ? null : event.notifierOptions().get(TRANSPORT_OPTION);
        Channel wanted;
        String reason;
        if (option != null) {
            wanted = Channel.parse(option).orElseThrow(() -> new PermanentFailure("notifierOptions.transport must be email or sms"));
            reason = "transport-option";
        } else {
            wanted = Channel.parse(recipient.preferredChannel()).orElse(Channel.EMAIL);
            reason = "preferred";
        }
        String address = address(recipient, wanted);
        if (address != null) {
            return new Route(wanted, address, reason);
        }
        Channel other = wanted.other();
        String otherAddress = address(recipient, other);
        if (otherAddress == null) {
            throw new PermanentFailure("recipient has neither an email address nor a phone number");
        }
        String why = "fallback:no-" + (wanted == Channel.EMAIL ? "email" : "phone");
        Log.infof("Notification %s (%s): %s wanted (%s) but the recipient has no %s; sending by %s instead",
                notification.eventId(), notification.type().wireName(), wanted.tag(), reason,
                wanted == Channel.EMAIL ? "email address" : "phone number", other.tag());
        metrics.fallback(notification.type(), wanted, other, why);
        return new Route(other, otherAddress, why);
    }

    private static String address(Recipient recipient, Channel channel) {
        String value = channel == Channel.EMAIL ? recipient.email() : recipient.phone();
        return value == null || value.isBlank() ? null : value.trim();
    }
}
