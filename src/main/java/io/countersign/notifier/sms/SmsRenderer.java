package io.countersign.notifier.sms;

import java.util.Locale;

import io.countersign.notifier.Notification;
import io.countersign.notifier.TemplateRenderer;
import jakarta.enterprise.context.ApplicationScoped;

/** Renders the SMS text of a notification (templates/notifier/sms/). */
@ApplicationScoped
public class SmsRenderer {

    private final TemplateRenderer templates;

    public SmsRenderer(TemplateRenderer templates) {
        this.templates = templates;
    }

    public String render(Notification notification) {
        Locale locale = templates.locale(notification.event().recipient());
        return templates.render("notifier/sms/" + notification.type().wireName() + ".txt",
                templates.data(notification, locale), locale).strip();
    }
}
