package io.countersign.security;

import java.util.Locale;

/**
 * The account a request targets, for per-account limits: the first of email, phone, username given, trimmed and
 * lower-cased (phone without separators), so that spelling variants share one counter. Lenient on purpose: it
 * also counts requests whose values are malformed.
 */
public final class AccountKey {

    private AccountKey() {
    }

    /** @return the key, or null when no value is given */
    public static String of(String email, String phone, String username) {
        if (email != null && !email.isBlank()) {
            return "email=" + email.strip().toLowerCase(Locale.ROOT);
        }
        if (phone != null && !phone.isBlank()) {
            return "phone=" + phone.replaceAll("[\\s().-]", "");
        }
        if (username != null && !username.isBlank()) {
            return "username=" + username.strip().toLowerCase(Locale.ROOT);
        }
        return null;
    }
}
