package io.countersign.notifier;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.regex.Pattern;

import io.countersign.event.NotificationType;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * Builds the link of a notification: base URL + the configured path of its type + {@code ?token=}, and
 * {@code &lang=} with the recipient's language, so that the hosted pages (and any front end) can answer in it.
 */
@ApplicationScoped
public class Links {

    /**
     * The notifier option a self-service validation stage sets to the name of its process: the message's link then
     * continues that process on the generic page ({@code selfservice-path/<process>?code=}) instead of opening the page
     * of its type. Set by Countersign itself; a name that is not a process name is ignored.
     */
    public static final String SELFSERVICE_PROCESS = "selfserviceProcess";
    private static final Pattern PROCESS = Pattern.compile("[A-Za-z][A-Za-z0-9_-]{0,63}");

    private final NotifierConfig.Links config;

    public Links(NotifierConfig config) {
        this.config = config.links();
    }

    /** @return the link, or null when the type has no page or there is no token */
    public String link(NotificationType type, String token) {
        return link(type, token, null);
    }

    /** @return the link with the recipient's language (omitted when null), or null as {@link #link(NotificationType, String)} */
    public String link(NotificationType type, String token, String language) {
        String path = path(type);
        if (path == null || token == null || token.isBlank()) {
            return null;
        }
        String link = base() + path + "?token=" + URLEncoder.encode(token, StandardCharsets.UTF_8);
        return language == null || language.isBlank() ? link : link + "&lang=" + URLEncoder.encode(language, StandardCharsets.UTF_8);
    }

    /**
     * The link of a notification: as {@link #link(NotificationType, String, String)}, unless a self-service stage sent
     * it ({@value #SELFSERVICE_PROCESS}), then the process's page with the code, which continues the process in the
     * browser that started it.
     */
    public String link(NotificationType type, String token, String code, String language, Map<String, String> options) {
        String process = options == null ? null : options.get(SELFSERVICE_PROCESS);
        if (process == null || !PROCESS.matcher(process).matches() || path(type) == null || code == null || code.isBlank()) {
            return link(type, token, language);
        }
        String link = base() + config.selfservicePath() + "/" + process + "?code=" + URLEncoder.encode(code, StandardCharsets.UTF_8);
        return language == null || language.isBlank() ? link : link + "&lang=" + URLEncoder.encode(language, StandardCharsets.UTF_8);
    }

    private String base() {
        return config.baseUrl().endsWith("/") ? config.baseUrl().substring(0, config.baseUrl().length() - 1) : config.baseUrl();
    }

    private String path(NotificationType type) {
        return switch (type) {
            case RESEND_VERIFY_SIGNUP -> config.verifyPath();
            case SEND_RESET_PWD, IDENTITY_CHANGE_REVERTED -> config.resetPath();
            case IDENTITY_CHANGE -> config.identityConfirmPath();
            case IDENTITY_CHANGE_REVERT -> config.identityRevertPath();
            case VERIFY_SIGNUP, VERIFY_SIGNUP_SET_PASSWORD, RESET_PWD, PASSWORD_CHANGE, ACCOUNT_EXISTS, ACCOUNT_DELETED,
                    USERNAME_REMINDER -> null;
        };
    }
}
