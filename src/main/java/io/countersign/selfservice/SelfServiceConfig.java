package io.countersign.selfservice;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/**
 * Self-service processes ({@code /selfservice/{process}}, docs/selfservice.md): which processes exist, their stages
 * in order, and how the snapshot token that carries a process from one step to the next is kept.
 */
@ConfigMapping(prefix = "countersign.selfservice")
public interface SelfServiceConfig {

    /** Serve {@code /selfservice/*} at all. */
    @WithDefault("true")
    boolean enabled();

    /** Each process by name (its path, {@code /selfservice/<name>}) with its stages in order. */
    Map<String, Process> processes();

    Token token();

    /** One process: the stages, in order. */
    interface Process {

        /**
         * Stage types in order: captcha, userQuery, validateActiveAccount, emailValidation, smsValidation,
         * userDetails, termsAndConditions, consent, resetStage, usernameRetrieval.
         */
        List<String> stages();

        /** The fields userQuery asks for (each may identify the account); any subset of email, phone, username. */
        @WithDefault("email")
        List<String> queryFields();
    }

    /** The snapshot token. */
    interface Token {

        /**
         * {@code stored}: a random token, kept hashed with its process state, single use per step; {@code stateless}:
         * the state travels in a signed and encrypted JWT (JWE) that the server does not keep.
         */
        @WithDefault("stored")
        String mode();

        /** How long a step's token stays usable. */
        @WithDefault("15m")
        Duration lifetime();

        /** Stateless mode: the HMAC-SHA256 key signing the inner JWT (base64 of at least 32 bytes). */
        Optional<String> signingKey();

        /** Stateless mode: the AES-256 key encrypting the JWT (dir, A256GCM; base64 of exactly 32 bytes). */
        Optional<String> encryptionKey();
    }
}
