package io.countersign.notifier.lifecycle;

import java.util.Optional;
import java.util.UUID;

import io.smallrye.mutiny.Uni;

/**
 * How a transport, or a provider's delivery feedback (bounce and complaint webhooks), reports what became of a
 * message. The notifier records the outcome of its own sends; this is for what is learnt later or elsewhere.
 * Messages are found by the transport's name (as {@code messages.transport}, e.g. {@code smtp}) and the provider's
 * message id it answered the send with. Every report appends to the message's history and counts in
 * {@code countersign_messages_total}.
 */
public interface DeliveryReports {

    /** The transport accepted the message under this provider message id. False when the message is unknown. */
    Uni<Boolean> sent(UUID messageId, String transport, String providerMessageId);

    /**
     * The provider reports a bounce. A hard bounce makes the message {@code bounced}; a soft one is only recorded in
     * its history. Empty when no message has this provider message id.
     */
    Uni<Optional<ReportedMessage>> bounced(String transport, String providerMessageId, boolean hard, String detail);

    /** The recipient complained (marked it as spam): the message becomes {@code complained}. */
    Uni<Optional<ReportedMessage>> complained(String transport, String providerMessageId, String detail);

    /**
     * The message a report was about.
     *
     * @param channel {@code email} or {@code sms}
     */
    record ReportedMessage(UUID messageId, UUID userId, String type, String channel) {
    }
}
