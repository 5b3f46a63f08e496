package io.countersign.notifier.email;

import io.smallrye.mutiny.Uni;

/**
 * Sends one rendered e-mail through the configured transport ({@link EmailSenderProducer}). Implementations
 * never block the calling thread and never log the bodies (they hold links and codes). A failure that may pass
 * (transport down, 429, 5xx, timeout) is a {@link io.countersign.notifier.DeliveryFailure}; one that repeating
 * cannot fix (a rejected recipient, a malformed message) a {@link io.countersign.notifier.PermanentFailure}.
 */
public interface EmailSender {

    /** @return the provider's id of the accepted message (for SMTP the Message-ID header we set) */
    Uni<String> send(RenderedEmail email);

    /** The transport's name, e.g. {@code smtp} or {@code sendgrid}. */
    String provider();
}
