package io.countersign.security;

import java.time.Duration;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import io.smallrye.config.WithName;

/**
 * Request rate limits per client IP and per target account, counted in PostgreSQL so that every instance sees
 * the same counters (fixed windows, see {@link RateCounter}). A request over either limit is answered 429 with
 * {@code Retry-After}. Production values per action are in application.properties.
 */
@ConfigMapping(prefix = "countersign.rate-limits")
public interface RateLimitConfig {

    /** Switch every rate limit on or off. */
    @WithDefault("true")
    boolean enabled();

    /** {@code POST /authentication} with the local strategy. */
    Rule login();

    /**
     * {@code POST /authentication} with the {@code jwt} strategy (re-authentication with an access token), per IP:
     * Feathers clients call it on every start, so its limit is higher than login's. Only {@code per-ip} applies.
     */
    Rule reauth();

    /** Forgot password: {@code POST /password/forgot}, compat {@code sendResetPwd}. */
    Rule forgot();

    /** Resend verification: {@code POST /verification/resend}, compat {@code resendVerifySignup}. */
    Rule resend();

    /** Verify or reset with a short code: resource API with {@code code}, compat {@code *Short}. */
    Rule code();

    /** Uniqueness check: {@code POST /users/uniqueness}, compat {@code checkUnique}. */
    Rule uniqueness();

    /** Sign-up: {@code POST /users}. */
    @WithName("sign-up")
    Rule signUp();

    /** How often stale counters are deleted. */
    @WithDefault("10m")
    Duration purgeEvery();

    /** One action's limits: at most so many requests per window from one IP, and for one account. */
    interface Rule {

        /** Requests allowed from one client IP per window. */
        @WithDefault("30")
        int perIp();

        /** Requests allowed for one target account (email, phone or username) per window. */
        @WithDefault("10")
        int perAccount();

        /** Length of the fixed window; at most one day (older counters are purged). */
        @WithDefault("15m")
        Duration window();
    }
}
