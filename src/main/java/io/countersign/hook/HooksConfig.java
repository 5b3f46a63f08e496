package io.countersign.hook;

import java.time.Duration;
import java.util.Optional;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/**
 * How accounts are confirmed and passwords reset, and the application's hook that takes part (docs/hooks.md).
 * Environment variables: {@code COUNTERSIGN_HOOKS_CONFIRMATION_METHOD}, {@code COUNTERSIGN_HOOKS_RESET_METHOD},
 * {@code COUNTERSIGN_HOOKS_URL}, {@code COUNTERSIGN_HOOKS_SECRET}, {@code COUNTERSIGN_HOOKS_TIMEOUT},
 * {@code COUNTERSIGN_HOOKS_ALLOW_HTTP}, {@code COUNTERSIGN_HOOKS_TOKEN_DELIVERY}.
 */
@ConfigMapping(prefix = "countersign.hooks")
public interface HooksConfig {

    /**
     * How a new account is confirmed: {@code email} (a verification link and code are sent), {@code auto} (verified at
     * sign-up; the welcome notice still goes out) or {@code hook} (the hook decides: success, pending or fail).
     */
    @WithDefault("email")
    ConfirmationMethod confirmationMethod();

    /**
     * How a forgotten password is reset: {@code email} (forgot sends a link and code) or {@code hook}
     * ({@code POST /password/reset-by-hook} asks the hook with the caller's arguments).
     */
    @WithDefault("email")
    ResetMethod resetMethod();

    /** The hook's URL, required with a {@code hook} method; https unless {@link #allowHttp()}. */
    Optional<String> url();

    /**
     * The signing secret, {@code whsec_} followed by the base64 of 24 to 64 random bytes (Standard Webhooks); required
     * with a {@code hook} method.
     */
    Optional<String> secret();

    /** How long a hook call may take, connecting included; longer fails closed (503 {@code hook_unavailable}). */
    @WithDefault("5s")
    Duration timeout();

    /** Allow an {@code http://} hook URL (local runs and tests only: the payload carries account data and tokens). */
    @WithDefault("false")
    boolean allowHttp();

    /**
     * How the token, its id and the code travel to the hook: {@code sealed} (AES-256-GCM under a key derived from the
     * secret, docs/hooks.md) or {@code clear} (plain fields, protected only by TLS).
     */
    @WithDefault("sealed")
    TokenDelivery tokenDelivery();

    enum ConfirmationMethod {
        EMAIL, AUTO, HOOK
    }

    enum ResetMethod {
        EMAIL, HOOK
    }

    enum TokenDelivery {
        SEALED, CLEAR
    }
}
