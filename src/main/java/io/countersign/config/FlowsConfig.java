package io.countersign.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/**
 * Per-flow switches: {@code countersign.flows.<flow>.enabled}, all on by default. A switched-off flow answers 403
 * {@code flow_disabled} (problem+json; the Feathers envelope on compat), its hosted pages say so, and the compat
 * {@code options} action leaves its actions out. Environment variables: {@code COUNTERSIGN_FLOWS_SIGN_UP_ENABLED=false}
 * and so on. Read through {@link FlowSwitches}.
 */
@ConfigMapping(prefix = "countersign.flows")
public interface FlowsConfig {

    /** {@code POST /users}. */
    Switch signUp();

    /** Verification by the link token: {@code POST /verification/confirm} with {@code token}, verifySignup*Long, the verify page. */
    Switch verifyLink();

    /** Verification by the short code: {@code POST /verification/confirm} with {@code code}, verifySignup*Short, the code page. */
    Switch verifyCode();

    /** A new verification message (or a new run of the confirmation hook): resend, retry, resendVerifySignup. */
    Switch resend();

    /** Forgotten password: forgot, reset by link or code, reset by hook, and their pages. */
    Switch reset();

    /** Changing the password with the current one. */
    Switch passwordChange();

    /** Changing the email or phone, confirming and reverting such a change. */
    Switch identityChange();

    /** Logging in with a password ({@code POST /authentication}, strategy local); existing sessions stay valid. */
    Switch login();

    interface Switch {

        /** Whether the flow is offered. */
        @WithDefault("true")
        boolean enabled();
    }
}
