package io.countersign.notifier;

import java.util.UUID;

import io.countersign.event.NotificationEvent;
import io.countersign.event.NotificationType;
import io.countersign.event.SecretBox;
import jakarta.enterprise.context.ApplicationScoped;

/** Turns an event into a {@link Notification} as the decoder would, without Kafka. */
@ApplicationScoped
public class EventDecoderTestSupport {

    private final SecretBox box;

    public EventDecoderTestSupport(SecretBox box) {
        this.box = box;
    }

    public Notification decoded(NotificationType type, NotificationEvent event) {
        return new Notification(UUID.randomUUID(), type, event,
                event.secret() == null ? null : box.open(event.secret(), event.userId()));
    }
}
