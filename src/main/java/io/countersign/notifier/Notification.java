package io.countersign.notifier;

import java.util.UUID;

import io.countersign.event.NotificationEvent;
import io.countersign.event.NotificationType;
import io.countersign.event.SecretPayload;

/**
 * A decoded notification event.
 *
 * @param eventId the CloudEvent id (dedupe key)
 * @param type    the notification type
 * @param event   the event data
 * @param secret  the opened token and code, or null for notices
 */
public record Notification(UUID eventId, NotificationType type, NotificationEvent event, SecretPayload secret) {

    /** Never prints the secret. */
    @Override
    public String toString() {
        return "Notification[" + eventId + ", " + type.wireName() + "]";
    }
}
