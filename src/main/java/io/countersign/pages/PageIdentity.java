package io.countersign.pages;

import java.util.Collection;
import java.util.Map;

import io.countersign.error.ErrorCode;
import io.countersign.error.FlowException;
import io.countersign.security.AccountKey;
import io.countersign.user.Identity;

/**
 * The one "email address or phone number" field of the page forms: an {@code @} makes it an email, a leading
 * {@code +} or a digit a phone number, anything else a username.
 */
record PageIdentity(String field, String value) {

    static PageIdentity of(String input) {
        String v = input == null ? "" : input.strip();
        if (v.isEmpty() || v.length() > 254) {
            throw new FlowException(ErrorCode.INVALID_IDENTITY, "Give an email or phone.", "identity");
        }
        if (v.contains("@")) {
            return new PageIdentity(Identity.EMAIL, v);
        }
        return new PageIdentity(v.startsWith("+") || Character.isDigit(v.charAt(0)) ? Identity.PHONE : Identity.USERNAME, v);
    }

    /** The identity for the flows; {@code invalid_identity} when malformed or not allowed here. */
    Identity identity(Collection<String> allowed) {
        return Identity.of(Map.of(field, value), allowed);
    }

    /** The per-account rate-limit key, as the API computes it. */
    String accountKey() {
        return AccountKey.of(Identity.EMAIL.equals(field) ? value : null, Identity.PHONE.equals(field) ? value : null,
                Identity.USERNAME.equals(field) ? value : null);
    }
}
