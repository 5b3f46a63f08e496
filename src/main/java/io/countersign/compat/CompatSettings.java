package io.countersign.compat;

import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

import io.countersign.config.CountersignConfig;
import io.countersign.config.Flow;
import io.countersign.flow.Methods;
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

    private final Methods methods;

    public CompatSettings(CountersignConfig config, Methods methods) {
        this.methods = methods;
        Set<String> props = new LinkedHashSet<>(config.identifyUserProps());
        props.retainAll(IDENTIFIERS);
        this.identifyProps = Set.copyOf(props);
        Set<String> resend = new LinkedHashSet<>(props);
        resend.add("verifyToken");
        resend.add("verifyShortToken");
        this.resendProps = Set.copyOf(resend);
        this.enumerationProtection = config.enumerationProtection();
        this.options = publishedOptions(config, List.copyOf(props), methods);
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

    /** Whether this configuration offers the action (its flow switched on, its method the configured one). */
    public boolean offered(Action action) {
        return offered(methods, action);
    }

    private static boolean offered(Methods methods, Action action) {
        return action.variant() != null ? methods.offered(action.variant()) : action.flow() == null || methods.offered(action.flow());
    }

    /** Refuses an action that is not {@linkplain #offered offered} with {@code flow_disabled}. */
    public void require(Action action) {
        if (action.variant() != null) {
            methods.require(action.variant());
        } else if (action.flow() != null) {
            methods.require(action.flow());
        }
    }

    private static Map<String, Object> publishedOptions(CountersignConfig config, List<String> identifyProps, Methods methods) {
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
        // the actions this configuration offers (flow switches and confirmation/reset methods, docs/hooks.md)
        o.put("actions", Arrays.stream(Action.values()).filter(a -> a != Action.AUTHENTICATION)
                .filter(a -> offered(methods, a)).map(Action::wireName).toList());
        o.put("confirmationMethod", methods.confirmation().name().toLowerCase(Locale.ROOT));
        o.put("loginEnabled", methods.offered(Flow.LOGIN));
        return Collections.unmodifiableMap(o);
    }
}
