package io.countersign.compat;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import io.countersign.config.CountersignConfig;
import io.countersign.user.Identity;
import jakarta.enterprise.context.ApplicationScoped;

/** The configuration as the compat endpoint sees it, including the options it publishes. */
@ApplicationScoped
public class CompatSettings {

    private static final List<String> IDENTIFIERS = List.of(Identity.EMAIL, Identity.PHONE, Identity.USERNAME);

    private final Set<String> identifyProps;
    private final Set<String> resendProps;
    private final boolean enumerationProtection;
    private final Map<String, Object> options;

    public CompatSettings(CountersignConfig config) {
        Set<String> props = new LinkedHashSet<>(config.identifyUserProps());
        props.retainAll(IDENTIFIERS);
        this.identifyProps = Set.copyOf(props);
        Set<String> resend = new LinkedHashSet<>(props);
        resend.add("verifyToken");
        resend.add("verifyShortToken");
        this.resendProps = Set.copyOf(resend);
        this.enumerationProtection = config.enumerationProtection();
        this.options = publishedOptions(config, List.copyOf(props));
    }

    /** Fields allowed in identify objects and in identityChange {@code changes} (f-a-m identifyUserProps). */
    public Set<String> identifyProps() {
        return identifyProps;
    }

    /** resendVerifySignup also accepts an earlier {@code verifyToken} (or {@code verifyShortToken}). */
    public Set<String> resendProps() {
        return resendProps;
    }

    public boolean enumerationProtection() {
        return enumerationProtection;
    }

    /**
     * What {@code options} answers: only what a client can use (docs/compat.md difference 9). Key material, token
     * sizes and hashing settings stay private. {@code resetAttempts} keeps the reference's meaning: wrong guesses
     * tolerated before the challenge is void (Countersign's budget counts the last guess too).
     */
    public Map<String, Object> options() {
        return options;
    }

    private static Map<String, Object> publishedOptions(CountersignConfig config, List<String> identifyProps) {
        Map<String, Object> o = new LinkedHashMap<>();
        o.put("service", "/users");
        o.put("path", "authManagement");
        o.put("identifyUserProps", identifyProps);
        o.put("shortTokenLen", config.tokens().shortTokenLen());
        o.put("shortTokenDigits", config.tokens().shortTokenDigits());
        o.put("delay", config.verification().lifetime().toMillis());
        o.put("resetDelay", config.reset().lifetime().toMillis());
        o.put("resetAttempts", Math.max(0, config.tokens().attempts() - 1));
        o.put("reuseResetToken", false);
        o.put("skipIsVerifiedCheck", config.reset().skipIsVerifiedCheck());
        o.put("passwordField", "password");
        o.put("enumerationProtection", config.enumerationProtection());
        return Collections.unmodifiableMap(o);
    }
}
