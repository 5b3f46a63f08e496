package io.countersign.security;

import java.util.function.Function;

/** The actions that are rate-limited; both surfaces (resource API and compat) share one counter per action. */
public enum LimitedAction {
    LOGIN("login", RateLimitConfig::login),
    /** Re-authentication with an access token (Feathers {@code jwt} strategy); per IP only, the token names no one yet. */
    REAUTH("reauth", RateLimitConfig::reauth),
    FORGOT("forgot", RateLimitConfig::forgot),
    RESEND("resend", RateLimitConfig::resend),
    CODE("code", RateLimitConfig::code),
    UNIQUENESS("uniqueness", RateLimitConfig::uniqueness),
    SIGN_UP("sign-up", RateLimitConfig::signUp);

    private final String key;
    private final Function<RateLimitConfig, RateLimitConfig.Rule> rule;

    LimitedAction(String key, Function<RateLimitConfig, RateLimitConfig.Rule> rule) {
        this.key = key;
        this.rule = rule;
    }

    /** The stable name used in counter keys and the audit log. */
    public String key() {
        return key;
    }

    RateLimitConfig.Rule rule(RateLimitConfig config) {
        return rule.apply(config);
    }
}
