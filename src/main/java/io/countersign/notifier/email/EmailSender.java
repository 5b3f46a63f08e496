package io.countersign.notifier.email;

import java.util.UUID;

import io.smallrye.mutiny.Uni;

/**
 * Sends one rendered e-mail through the configured transport ({@link EmailSenderProducer}). Implementations
 * never block the calling thread and never log the bodies (they hold links and codes). A failure that may pass
 * (transport down, 429, 5xx, timeout) is a {@link io.countersign.notifier.DeliveryFailure} of the transport, waited
 * out by its circuit breaker; one that repeating cannot fix (a rejected recipient, a malformed message) a
 * {@link io.countersign.notifier.PermanentFailure}.
 */
public interface EmailSender {

    /**
     * Sends the notification with this id.
     *
     * @return the provider's id of the accepted message (for SMTP the Message-ID header we set), which bounce and
     *         complaint reports refer to
     */
    Uni<String> send(RenderedEmail email, UUID notificationId);

    /** The transport's name, e.g. {@code smtp} or {@code sendgrid}: its circuit breaker and {@code messages.transport}. */
    String transport();
}
