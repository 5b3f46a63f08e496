package io.countersign.pages;

import jakarta.ws.rs.core.Cookie;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.UriInfo;

/**
 * What a page needs to know about its request: the language and its wording, the CSRF secret (existing, or a
 * new one to set), whether the language was chosen explicitly (to remember it), whether the connection is
 * https (for the {@code Secure} cookie flag), and the link token kept in the {@value #LINK_COOKIE} cookie.
 */
public record PageRequest(String language, PageMessages text, String csrfSecret, boolean newCsrf, boolean rememberLanguage,
        boolean secure, String linkToken) {

    static final String LINK_COOKIE = "cs_link";

    static PageRequest of(HttpHeaders headers, UriInfo uri, String langParam, PageLanguage languages, PageCsrf csrf) {
        String remembered = value(headers, PageLanguage.COOKIE);
        String language = languages.resolve(langParam, remembered, acceptable(headers));
        String secret = value(headers, PageCsrf.COOKIE);
        boolean fresh = secret == null || secret.isEmpty() || secret.length() > 100;
        return new PageRequest(language, languages.messages(language), fresh ? csrf.newSecret() : secret, fresh,
                PageLanguage.supported(langParam) != null, "https".equalsIgnoreCase(uri.getRequestUri().getScheme()),
                value(headers, LINK_COOKIE));
    }

    /** The Accept-Language preferences; a header that does not parse counts as none. */
    private static java.util.List<java.util.Locale> acceptable(HttpHeaders headers) {
        try {
            return headers.getAcceptableLanguages();
        } catch (RuntimeException e) {
            return java.util.List.of();
        }
    }

    private static String value(HttpHeaders headers, String name) {
        Cookie cookie = headers.getCookies().get(name);
        return cookie == null ? null : cookie.getValue();
    }
}
