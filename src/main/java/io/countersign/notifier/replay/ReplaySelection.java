package io.countersign.notifier.replay;

import java.util.Optional;
import java.util.UUID;

import io.countersign.event.NotificationType;

/**
 * Which dead letters to replay: all, those of one notification type, or one message.
 *
 * @param type    a notification type, or null
 * @param message a message (CloudEvent) id, or null
 */
public record ReplaySelection(NotificationType type, UUID message) {

    public static ReplaySelection all() {
        return new ReplaySelection(null, null);
    }

    boolean matches(UUID id, Optional<NotificationType> recordType) {
        return (message == null || message.equals(id)) && (type == null || recordType.filter(type::equals).isPresent());
    }

    @Override
    public String toString() {
        return message != null ? "message " + message : type != null ? "type " + type.wireName() : "all";
    }
}
