package io.countersign.notifier;

import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.FormatStyle;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

import io.countersign.event.NotificationType;
import io.countersign.event.Recipient;
import io.quarkus.logging.Log;
import io.quarkus.qute.Engine;
import io.quarkus.qute.Template;
import io.quarkus.qute.TemplateInstance;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

/**
 * Renders the notifier's Qute templates ({@code templates/notifier/<channel>/<type>...}) in the recipient's
 * language, and refuses output that still contains a template delimiter: an unrendered placeholder must never
 * reach a user. Templates receive only the greeting name, product, link, code, expiry and language, and
 * {@code username} (usernameReminder's {@code details.username}), and {@code unverified}: whether the event says the account is not verified yet ({@code details.verified=false},
 * accountExists).
 */
@ApplicationScoped
public class TemplateRenderer {

    /** Languages with a message bundle; anything else falls back to the default locale. */
    static final Set<String> LANGUAGES = Set.of("en", "de", "fr", "es");

    private static final Pattern HEX_COLOUR = Pattern.compile("#[0-9a-fA-F]{3}([0-9a-fA-F]{3})?");

    private final Engine engine;
    private final Links links;
    private final NotifierConfig config;
    private final BrandingConfig branding;
    private final String logoUrl;
    private final MessageOverrides messageOverrides;

    public TemplateRenderer(Engine engine, Links links, NotifierConfig config, BrandingConfig branding, MessageOverrides messageOverrides) {
        this.engine = engine;
        this.messageOverrides = messageOverrides;
        this.links = links;
        this.config = config;
        this.branding = branding;
        this.logoUrl = branding.logoUrl().map(String::strip).filter(url -> !url.isEmpty())
                .map(url -> url.startsWith("/") ? config.links().baseUrl().replaceAll("/+$", "") + url : url).orElse(null);
    }

    /**
     * Checks the branding, puts the template and message bundle overrides in place, then loads every template a notification type needs
     * (so that no classpath read happens later on the event loop) and renders each once ({@link TemplateSlots}):
     * a missing template, or one that does not show a slot its type needs, stops the start naming both.
     */
    void checkTemplates(@Observes StartupEvent event) {
        if (!HEX_COLOUR.matcher(branding.accentColor().strip()).matches()) {
            throw new IllegalStateException("countersign.notifier.branding.accent-color must be #rgb or #rrggbb");
        }
        if (logoUrl != null && !logoUrl.startsWith("https://") && !logoUrl.startsWith("http://")) {
            throw new IllegalStateException("countersign.notifier.branding.logo-url must be an http(s) URL or a path");
        }
        List<String> known = new ArrayList<>(List.of("notifier/email/layout.html", "notifier/email/layout.txt",
                "notifier/email/action-layout.html"));
        for (NotificationType type : NotificationType.values()) {
            known.addAll(templateIds(type));
        }
        branding.templatesDir().filter(dir -> !dir.isBlank()).ifPresent(dir -> {
            TemplateOverrides.load(engine, Path.of(dir), known);
            messageOverrides.install(MessageOverrides.load(engine, Path.of(dir)));
        });
        for (NotificationType type : NotificationType.values()) {
            for (String id : templateIds(type)) {
                if (engine.getTemplate(id) == null) {
                    throw new IllegalStateException("Notifier template missing: templates/" + id);
                }
            }
        }
        TemplateSlots.check(this);
    }

    static List<String> templateIds(NotificationType type) {
        String email = "notifier/email/" + type.wireName();
        return List.of(email + "-subject.txt", email + ".html", email + ".txt", "notifier/sms/" + type.wireName() + ".txt");
    }

    /** The locale of a language tag, as for a recipient. */
    public Locale locale(String tag) {
        return locale(new Recipient(null, null, null, tag, null));
    }

    public Locale locale(Recipient recipient) {
        String tag = recipient.locale() == null ? "" : recipient.locale();
        String language = Locale.forLanguageTag(tag.replace('_', '-')).getLanguage();
        return Locale.forLanguageTag(LANGUAGES.contains(language) ? language : config.defaultLocale());
    }

    /** The template data of a notification, in the given locale. */
    public Map<String, Object> data(Notification notification, Locale locale) {
        Map<String, Object> data = new HashMap<>();
        Recipient recipient = notification.event().recipient();
        data.put("name", recipient.displayName() == null ? "" : inert(recipient.displayName()));
        data.put("product", config.productName());
        data.put("lang", locale.getLanguage());
        data.put("logoUrl", logoUrl == null ? "" : logoUrl);
        data.put("accent", branding.accentColor().strip());
        String token = notification.secret() == null ? null : notification.secret().token();
        String code = notification.secret() == null ? null : notification.secret().code();
        String link = links.link(notification.type(), token, code, locale.getLanguage(), notification.event().notifierOptions());
        data.put("link", link == null ? "" : link);
        data.put("code", code == null ? "" : code);
        Map<String, String> details = notification.event().details();
        data.put("unverified", details != null && "false".equals(details.get("verified")));
        data.put("username", details == null || details.get("username") == null ? "" : inert(details.get("username")));
        data.put("expiresAt", notification.event().expiresAt() == null ? ""
                : DateTimeFormatter.ofLocalizedDateTime(FormatStyle.MEDIUM, FormatStyle.SHORT).withLocale(locale)
                        .withZone(ZoneOffset.UTC).format(notification.event().expiresAt()) + " UTC");
        return data;
    }

    /** User-supplied text must not trip the placeholder check: template delimiters become parentheses. */
    static String inert(String text) {
        return text.replace('{', '(').replace('}', ')').strip();
    }

    public String render(String templateId, Map<String, Object> data, Locale locale) {
        Template template = engine.getTemplate(templateId);
        if (template == null) {
            throw new PermanentFailure("no template " + templateId);
        }
        TemplateInstance instance = template.instance();
        data.forEach(instance::data);
        String output;
        try {
            output = instance.setLocale(locale).render();
        } catch (RuntimeException e) {
            Log.errorf("Template %s failed to render: %s", templateId, e.getClass().getName());
            throw new PermanentFailure("template " + templateId + " failed to render");
        }
        if (output.indexOf('{') >= 0 || output.indexOf('}') >= 0) {
            Log.errorf("Template %s left an unrendered placeholder; the notification is not sent", templateId);
            throw new PermanentFailure("template " + templateId + " left an unrendered placeholder");
        }
        return output;
    }
}
