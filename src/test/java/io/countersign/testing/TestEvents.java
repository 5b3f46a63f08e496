package io.countersign.testing;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Map;
import java.util.UUID;

import io.countersign.event.NotificationEvent;
import io.countersign.event.NotificationType;
import io.countersign.event.Recipient;
import io.countersign.event.SecretBox;
import io.countersign.event.SecretPayload;

/** Builds notification events the way the flows do. */
public final class TestEvents {

    private TestEvents() {
    }

    public static String uniqueEmail() {
        return "u" + UUID.randomUUID().toString().substring(0, 12) + "@example.com";
    }

    public static NotificationEvent event(SecretBox box, NotificationType type, Recipient recipient,
            Map<String, String> options) {
        String userId = UUID.randomUUID().toString();
        return event(box, type, userId, recipient, options);
    }

    public static NotificationEvent event(SecretBox box, NotificationType type, String userId, Recipient recipient,
            Map<String, String> options) {
        var secret = type.carriesSecret()
                ? box.seal(new SecretPayload("sel" + UUID.randomUUID().toString().substring(0, 8) + ".verifier_Abc-123",
                        "123456"), userId)
                : null;
        Instant expires = type.carriesSecret() ? Instant.now().plus(1, ChronoUnit.HOURS).truncatedTo(ChronoUnit.SECONDS) : null;
        Map<String, String> details = type == NotificationType.IDENTITY_CHANGE
                || type == NotificationType.IDENTITY_CHANGE_REVERT || type == NotificationType.IDENTITY_CHANGE_REVERTED
                        ? Map.of("changedFields", "email")
                        : Map.of();
        return new NotificationEvent(type.wireName(), userId, recipient, secret, expires, options, details);
    }

    public static Recipient emailRecipient(String email, String locale) {
        return new Recipient(email, null, "email", locale, "Ada");
    }
}
