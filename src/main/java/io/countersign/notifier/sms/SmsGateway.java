package io.countersign.notifier.sms;

import io.smallrye.mutiny.Uni;

/**
 * Sends one SMS. Implementations must not block the calling (event loop) thread, must never log the text
 * (it holds codes and links), and fail with {@link io.countersign.notifier.DeliveryFailure} when a retry may
 * help or {@link io.countersign.notifier.PermanentFailure} when it cannot.
 */
public interface SmsGateway {

    Uni<Void> send(String phone, String text);

    /** The transport's name in the message lifecycle and the circuit breaker ({@code messages.transport}). */
    default String transport() {
        return "sms";
    }

    /** {@code +49151…} → {@code +49*******78}: enough to tell numbers apart in a log. */
    static String mask(String phone) {
        if (phone == null || phone.length() < 6) {
            return "***";
        }
        return phone.substring(0, 3) + "*".repeat(phone.length() - 5) + phone.substring(phone.length() - 2);
    }
}
