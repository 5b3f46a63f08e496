package io.countersign.notifier;

import java.time.Instant;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;

import io.countersign.event.NotificationEvent;
import io.countersign.event.NotificationType;
import io.countersign.event.Recipient;
import io.countersign.event.SecretPayload;

/**
 * The start-up check of the templates, built-in or overridden: every type is rendered once per language with
 * marked values; a message that carries a link must show it in the HTML, the text and the SMS, and the code too
 * where an endpoint takes it (all but the identity-change revert). A template that fails, or leaves out a slot,
 * stops the start with an error naming the template and the slot.
 */
final class TemplateSlots {

    static final String TOKEN = "slotcheck.token";
    static final String CODE = "909090";

    private TemplateSlots() {
    }

    static void check(TemplateRenderer renderer) {
        for (String language : TemplateRenderer.LANGUAGES) {
            for (NotificationType type : NotificationType.values()) {
                Notification sample = sample(type, language);
                Locale locale = renderer.locale(language);
                Map<String, Object> data = renderer.data(sample, locale);
                for (String id : TemplateRenderer.templateIds(type)) {
                    String output;
                    try {
                        output = renderer.render(id, data, locale);
                    } catch (PermanentFailure e) {
                        throw new IllegalStateException("Notifier template " + id + " (" + language + ") does not render: " + e.getMessage(), e);
                    }
                    if (id.endsWith("-subject.txt")) {
                        if (output.isBlank()) {
                            throw new IllegalStateException("Notifier template " + id + " (" + language + ") renders an empty subject");
                        }
                        continue;
                    }
                    if (type.carriesSecret() && !output.contains(TOKEN)) {
                        throw new IllegalStateException("Notifier template " + id + " (" + language + ") does not show the slot {link}");
                    }
                    if (type.carriesSecret() && type != NotificationType.IDENTITY_CHANGE_REVERT && !output.contains(CODE)) {
                        throw new IllegalStateException("Notifier template " + id + " (" + language + ") does not show the slot {code}");
                    }
                }
            }
        }
    }

    private static Notification sample(NotificationType type, String language) {
        NotificationEvent event = new NotificationEvent(type.wireName(), UUID.randomUUID().toString(),
                new Recipient("slot@example.com", "+10000000000", "email", language, "Slot"), null,
                type.carriesSecret() ? Instant.now().plusSeconds(3600) : null, Map.of(), Map.of("changedFields", "email"));
        return new Notification(UUID.randomUUID(), type, event, type.carriesSecret() ? new SecretPayload(TOKEN, CODE) : null);
    }
}
