package io.countersign.notifier;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;

import io.countersign.event.NotificationType;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * Builds the link of a notification: base URL + the configured path of its type + {@code ?token=}, and
 * {@code &lang=} with the recipient's language, so that the hosted pages (and any front end) can answer in it.
 */
@ApplicationScoped
public class Links {

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
        String base = config.baseUrl().endsWith("/") ? config.baseUrl().substring(0, config.baseUrl().length() - 1)
                : config.baseUrl();
        String link = base + path + "?token=" + URLEncoder.encode(token, StandardCharsets.UTF_8);
        return language == null || language.isBlank() ? link : link + "&lang=" + URLEncoder.encode(language, StandardCharsets.UTF_8);
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
