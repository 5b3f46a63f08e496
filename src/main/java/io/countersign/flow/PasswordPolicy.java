package io.countersign.flow;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Set;
import java.util.stream.Collectors;

import io.countersign.config.CountersignConfig;
import io.countersign.web.ErrorCode;
import io.countersign.web.FlowException;
import io.quarkus.runtime.Startup;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * Checks a new password (NIST SP 800-63B: length, any Unicode, not a commonly used password, not the user's own
 * identifiers). The blocklist is read once at start-up from {@value #BLOCKLIST}.
 */
@ApplicationScoped
@Startup
public class PasswordPolicy {

    static final String BLOCKLIST = "passwords/common.txt";

    private final int min;
    private final int max;
    private final Set<String> common;

    public PasswordPolicy(CountersignConfig config) {
        this.min = config.passwords().minLength();
        this.max = config.passwords().maxLength();
        this.common = blocklist();
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
        if (common.contains(lower)) {
            throw new FlowException(ErrorCode.PASSWORD_POLICY, "The password is too common: it is on a list of frequently "
                    + "used passwords.", "password");
        }
        for (String identifier : identifiers) {
            if (identifier != null && !identifier.isBlank() && lower.equals(identifier.toLowerCase(Locale.ROOT))) {
                throw new FlowException(ErrorCode.PASSWORD_POLICY, "The password must not be your email, phone or username.",
                        "password");
            }
        }
    }

    private static Set<String> blocklist() {
        try (InputStream in = PasswordPolicy.class.getClassLoader().getResourceAsStream(BLOCKLIST)) {
            if (in == null) {
                throw new IllegalStateException(BLOCKLIST + " is missing");
            }
            return new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8)).lines().map(String::strip)
                    .filter(line -> !line.isEmpty() && !line.startsWith("#"))
                    .map(line -> line.toLowerCase(Locale.ROOT)).collect(Collectors.toUnmodifiableSet());
        } catch (IOException e) {
            throw new IllegalStateException("cannot read " + BLOCKLIST, e);
        }
    }
}
