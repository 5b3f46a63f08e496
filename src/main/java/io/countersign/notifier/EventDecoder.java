package io.countersign.notifier;

import java.util.UUID;

import org.eclipse.microprofile.reactive.messaging.Message;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.countersign.event.NotificationEvent;
import io.countersign.event.NotificationType;
import io.countersign.event.SecretBox;
import io.countersign.event.SecretPayload;
import io.smallrye.reactive.messaging.ce.IncomingCloudEventMetadata;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * Turns a Kafka record into a {@link Notification}: checks the CloudEvents envelope, parses the data and opens
 * the sealed secret. Anything that does not fit the contract is a {@link PermanentFailure}.
 */
@ApplicationScoped
public class EventDecoder {

    private final ObjectMapper json;
    private final SecretBox secrets;

    public EventDecoder(ObjectMapper json, SecretBox secrets) {
        this.json = json;
        this.secrets = secrets;
    }

    public Notification decode(Message<String> message) {
        @SuppressWarnings("unchecked")
        IncomingCloudEventMetadata<String> cloudEvent = message.getMetadata(IncomingCloudEventMetadata.class)
                .orElseThrow(() -> new PermanentFailure("not a CloudEvent (no ce_* headers)"));
        UUID eventId = uuid(cloudEvent.getId(), "CloudEvent id");
        NotificationType type = NotificationType.fromCloudEventType(cloudEvent.getType())
                .orElseThrow(() -> new PermanentFailure("unsupported CloudEvent type " + printable(cloudEvent.getType())));
        NotificationEvent event = parse(message.getPayload());
        if (!type.wireName().equals(event.notificationType())) {
            throw new PermanentFailure("data.notificationType does not match the CloudEvent type");
        }
        if (event.userId() == null || event.recipient() == null) {
            throw new PermanentFailure("data.userId and data.recipient are required");
        }
        uuid(event.userId(), "data.userId");
        return new Notification(eventId, type, event, open(type, event));
    }

    private NotificationEvent parse(String payload) {
        if (payload == null) {
            throw new PermanentFailure("empty event data");
        }
        try {
            return json.readValue(payload, NotificationEvent.class);
        } catch (JsonProcessingException e) {
            throw new PermanentFailure("event data is not a valid NotificationEvent: " + e.getOriginalMessage());
        }
    }

    private SecretPayload open(NotificationType type, NotificationEvent event) {
        if (event.secret() == null) {
            if (type.carriesSecret()) {
                throw new PermanentFailure(type.wireName() + " requires data.secret");
            }
            return null;
        }
        try {
            return secrets.open(event.secret(), event.userId());
        } catch (IllegalArgumentException e) {
            throw new PermanentFailure("data.secret cannot be opened (unknown key id or tampered)");
        }
    }

    private static UUID uuid(String value, String what) {
        try {
            return UUID.fromString(value);
        } catch (RuntimeException e) {
            throw new PermanentFailure(what + " is not a UUID");
        }
    }

    private static String printable(String value) {
        return value == null ? "null" : value.replaceAll("[^A-Za-z0-9._-]", "?");
    }
}
