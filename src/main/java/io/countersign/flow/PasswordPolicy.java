package io.countersign.flow;

import java.util.Locale;

import io.countersign.config.CountersignConfig;
import io.countersign.web.ErrorCode;
import io.countersign.web.FlowException;
import jakarta.enterprise.context.ApplicationScoped;

/** Checks a new password (NIST SP 800-63B: length, any Unicode, not the user's own identifiers). */
@ApplicationScoped
public class PasswordPolicy {

    private final int min;
    private final int max;

    public PasswordPolicy(CountersignConfig config) {
        this.min = config.passwords().minLength();
        this.max = config.passwords().maxLength();
    }

    /** @throws FlowException {@code password_policy} naming the rule that failed */
    public void check(String password, String... identifiers) {
        if (password == null) {
            throw new FlowException(ErrorCode.PASSWORD_POLICY, "A password is required.", "password");
        }
        int length = password.codePointCount(0, password.length());
        if (length < min) {
            throw new FlowException(ErrorCode.PASSWORD_POLICY, "The password must have at least " + min + " characters.",
                    "password");
        }
        if (length > max) {
            throw new FlowException(ErrorCode.PASSWORD_POLICY, "The password must have at most " + max + " characters.",
                    "password");
        }
        String lower = password.toLowerCase(Locale.ROOT);
        for (String identifier : identifiers) {
            if (identifier != null && !identifier.isBlank() && lower.equals(identifier.toLowerCase(Locale.ROOT))) {
                throw new FlowException(ErrorCode.PASSWORD_POLICY, "The password must not be your email, phone or username.",
                        "password");
            }
        }
    }
}
