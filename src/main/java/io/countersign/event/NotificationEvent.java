package io.countersign.event;

import java.time.Instant;
import java.util.Map;

/**
 * The data of a notification CloudEvent (public contract, docs/events.md). The envelope carries the event id,
 * {@code type} = {@link NotificationType#cloudEventType()}, {@code subject} = user id; the Kafka key is the
 * user id.
 *
 * @param notificationType the wire name of the {@link NotificationType}
 * @param userId           the account concerned
 * @param recipient        where to send it
 * @param secret           encrypted token and code, or null for notices
 * @param expiresAt        when the token/code stops working, or null
 * @param notifierOptions  options the client passed through (e.g. {@code transport}: email | sms)
 * @param details          non-secret facts for the message, e.g. {@code changedField}
 */
public record NotificationEvent(
        String notificationType,
        String userId,
        Recipient recipient,
        SealedSecret secret,
        Instant expiresAt,
        Map<String, String> notifierOptions,
        Map<String, String> details) {
}
