package example.chat;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.Map;

import example.chat.SecretOpener.Secret;

/**
 * The chat message of each notification type (English only; a real consumer would use the recipient's
 * {@code locale}). Links are built from the token as docs/events.md says: {@code <base URL><path>?token=<token>}.
 */
public final class ChatText {

    private static final Map<String, String> PATHS = Map.of(
            "resendVerifySignup", "/pages/verify",
            "sendResetPwd", "/pages/reset",
            "identityChangeReverted", "/pages/reset",
            "identityChange", "/pages/identity/confirm",
            "identityChangeRevert", "/pages/identity/revert");

    private static final Map<String, String> TEXTS = Map.ofEntries(
            Map.entry("resendVerifySignup", "Confirm your account"),
            Map.entry("verifySignup", "Your account is confirmed."),
            Map.entry("verifySignupSetPassword", "Your account is confirmed and its password is set."),
            Map.entry("sendResetPwd", "Reset your password"),
            Map.entry("resetPwd", "Your password was reset."),
            Map.entry("passwordChange", "Your password was changed."),
            Map.entry("identityChange", "Confirm your new address"),
            Map.entry("identityChangeRevert", "Your address was changed. Not you? Undo it"),
            Map.entry("identityChangeReverted", "The change of your address was undone. Set a new password"),
            Map.entry("accountExists", "Someone tried to sign up with your address; you already have an account."),
            Map.entry("accountDeleted", "Your account was deleted."));

    private final String baseUrl;

    public ChatText(String baseUrl) {
        this.baseUrl = baseUrl.endsWith("/") ? baseUrl.substring(0, baseUrl.length() - 1) : baseUrl;
    }

    public String render(Event event, Secret secret) {
        StringBuilder text = new StringBuilder();
        String name = event.recipient().path("displayName").asText("");
        if (!name.isEmpty()) {
            text.append("Hi ").append(name).append(". ");
        }
        text.append(TEXTS.get(event.type()));
        if (secret != null && secret.token() != null && PATHS.containsKey(event.type())) {
            text.append(": ").append(baseUrl).append(PATHS.get(event.type())).append("?token=")
                    .append(URLEncoder.encode(secret.token(), StandardCharsets.UTF_8));
        }
        if (secret != null && secret.code() != null) {
            text.append(" (code ").append(secret.code()).append(')');
        }
        return text.toString();
    }
}
