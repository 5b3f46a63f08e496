package io.countersign.pages;

import java.util.List;
import java.util.Locale;
import java.util.Set;

import io.quarkus.qute.i18n.Localized;
import io.quarkus.qute.i18n.MessageBundles;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * The language of a page: an explicit choice ({@code ?lang=}, set by the language links and by notification
 * links in the recipient's language), then the choice remembered in the {@value #COOKIE} cookie, then the
 * browser's {@code Accept-Language}, then {@code countersign.pages.default-language}.
 */
@ApplicationScoped
public class PageLanguage {

    static final String COOKIE = "cs_lang";
    static final Set<String> LANGUAGES = Set.of("en", "de", "fr", "es");

    private final String fallback;

    public PageLanguage(PagesConfig config) {
        this.fallback = LANGUAGES.contains(config.defaultLanguage()) ? config.defaultLanguage() : "en";
    }

    /** A supported language from an explicit choice, or null. */
    static String supported(String tag) {
        if (tag == null || tag.length() > 35) {
            return null;
        }
        String language = Locale.forLanguageTag(tag.strip().replace('_', '-')).getLanguage();
        return LANGUAGES.contains(language) ? language : null;
    }

    public String resolve(String explicit, String remembered, List<Locale> acceptable) {
        String chosen = supported(explicit);
        if (chosen == null) {
            chosen = supported(remembered);
        }
        if (chosen == null && acceptable != null) {
            for (Locale locale : acceptable) {
                if (LANGUAGES.contains(locale.getLanguage())) {
                    chosen = locale.getLanguage();
                    break;
                }
            }
        }
        return chosen == null ? fallback : chosen;
    }

    public PageMessages messages(String language) {
        return MessageBundles.get(PageMessages.class, Localized.Literal.of(language));
    }
}
