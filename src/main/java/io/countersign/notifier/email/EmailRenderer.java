package io.countersign.notifier.email;

import java.util.Locale;
import java.util.Map;

import io.countersign.notifier.Notification;
import io.countersign.notifier.TemplateRenderer;
import jakarta.enterprise.context.ApplicationScoped;

/** Renders the subject, HTML and text body of a notification email (templates/notifier/email/). */
@ApplicationScoped
public class EmailRenderer {

    private final TemplateRenderer templates;

    public EmailRenderer(TemplateRenderer templates) {
        this.templates = templates;
    }

    public RenderedEmail render(Notification notification, String to) {
        Locale locale = templates.locale(notification.event().recipient());
        Map<String, Object> data = templates.data(notification, locale);
        String base = "notifier/email/" + notification.type().wireName();
        String subject = templates.render(base + "-subject.txt", data, locale).strip();
        String html = templates.render(base + ".html", data, locale);
        String text = templates.render(base + ".txt", data, locale);
        return new RenderedEmail(to, subject, html, text, locale.getLanguage());
    }
}
