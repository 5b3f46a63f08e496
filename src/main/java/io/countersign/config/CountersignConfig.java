package io.countersign.config;

import java.time.Duration;
import java.util.List;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import io.smallrye.config.WithName;

/**
 * Countersign's settings. Every feathers-authentication-management option has a named equivalent here; the
 * docs/configuration.md lists both names.
 */
@ConfigMapping(prefix = "countersign")
public interface CountersignConfig {

    /** Fields that may identify a user in requests (f-a-m {@code identifyUserProps}): email, phone, username. */
    @WithDefault("email,phone,username")
    List<String> identifyUserProps();

    /**
     * Answer forgot-password and resend-verification the same way whether or not the account exists or is
     * verified. On by default; off, the compat endpoint answers exactly as the reference implementation.
     */
    @WithDefault("true")
    boolean enumerationProtection();

    Enumeration enumeration();

    Tokens tokens();

    Verification verification();

    Reset reset();

    IdentityChange identityChange();

    Passwords passwords();

    Login login();

    interface Enumeration {

        /**
         * With enumeration protection on, how long the answers of sign-up, forgot-password and resend-verification
         * take at least until enough real answers have been timed to draw from (see {@code security.EqualTiming}).
         */
        @WithDefault("150ms")
        Duration coldFloor();
    }

    interface Tokens {

        /** Server key for HMAC-SHA256 of token verifiers and codes (at least 32 bytes; base64 or text). */
        String hmacKey();

        /** Random bytes in the verifier half of a long token (f-a-m {@code longTokenLen}); at least 16. */
        @WithDefault("32")
        int longTokenBytes();

        /** Length of a short code (f-a-m {@code shortTokenLen}). */
        @WithDefault("6")
        int shortTokenLen();

        /** Short codes of digits only (f-a-m {@code shortTokenDigits}); false: upper-case letters and digits. */
        @WithDefault("true")
        boolean shortTokenDigits();

        /**
         * Upper bound on the lifetime of any link and code sent by SMS (NIST SP 800-63B: an out-of-band secret is
         * valid for at most 10 minutes). Email keeps the longer per-flow lifetimes.
         */
        @WithDefault("10m")
        Duration smsLifetime();

        /** Wrong guesses a challenge tolerates before it is void (f-a-m {@code resetAttempts}). */
        @WithDefault("5")
        int attempts();
    }

    interface Verification {

        /** Lifetime of a sign-up verification link and code (f-a-m {@code delay}). */
        @WithDefault("24h")
        Duration lifetime();

        /** Minimum time between two verification messages to one account. */
        @WithDefault("60s")
        Duration resendCooldown();

        /**
         * How long an account may stay unverified. Older unverified accounts are deleted (every
         * {@code expiry-sweep-every}, and at once when their address signs up again), so the address is free again.
         */
        @WithDefault("7d")
        Duration unverifiedExpiry();

        /** How often each instance deletes expired unverified accounts (one idempotent statement). */
        @WithDefault("1h")
        Duration expirySweepEvery();
    }

    interface Reset {

        /** Lifetime of a password-reset link and code (f-a-m {@code resetDelay}). */
        @WithDefault("1h")
        Duration lifetime();

        /** Minimum time between two reset messages to one account. */
        @WithDefault("60s")
        Duration resendCooldown();

        /** Allow password reset for unverified users (f-a-m {@code skipIsVerifiedCheck}). */
        @WithDefault("false")
        boolean skipIsVerifiedCheck();
    }

    interface IdentityChange {

        /** Lifetime of the confirmation sent to a new email/phone. */
        @WithDefault("24h")
        Duration lifetime();

        /** How long the old address can revert a confirmed change. */
        @WithDefault("7d")
        Duration revertLifetime();
    }

    interface Passwords {

        /** bcrypt cost factor (log2 rounds) for new hashes. */
        @WithDefault("12")
        int bcryptCost();

        @WithDefault("8")
        int minLength();

        @WithDefault("128")
        int maxLength();

        /**
         * Lowest zxcvbn strength score (0-4) a new password must reach; 0 switches the estimate off. 3 means "safely
         * unguessable: moderate protection from an offline slow-hash attack" (over 10^8 guesses).
         */
        @WithDefault("3")
        int minStrength();
    }

    interface Login {

        /** Let unverified users log in. */
        @WithDefault("false")
        boolean allowUnverified();

        /** Lifetime of an access token. */
        @WithDefault("1h")
        Duration accessTokenLifetime();

        /** {@code iss} of access tokens. */
        @WithDefault("https://countersign.local")
        String issuer();

        /** Consecutive failed logins after which the account is locked for {@link #lockDuration()}, doubling after. */
        @WithDefault("5")
        int lockAfterFailures();

        /** First lock period; each further failure while over the threshold doubles it, up to an hour. */
        @WithDefault("30s")
        Duration lockDuration();

        /**
         * Consecutive failures after which only a password reset unlocks the account (NIST SP 800-63B allows at
         * most 100).
         */
        @WithDefault("100")
        int hardLockFailures();

        /** HS256 key that signs access tokens: base64url without padding, at least 32 random bytes. */
        @WithName("jwt-secret")
        String jwtSecret();
    }
}
