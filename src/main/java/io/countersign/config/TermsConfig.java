package io.countersign.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/**
 * The terms and conditions in force (docs/terms.md): their version and where to read them, and whether they bind
 * every account. Read in one place, {@code flow.Terms}; the self-service {@code termsAndConditions} stage, sign-up and
 * login all go through it.
 */
@ConfigMapping(prefix = "countersign.terms")
public interface TermsConfig {

    /**
     * Whether the terms bind every account: sign-up then needs {@code termsVersion} equal to {@link #version()}, and a
     * login with the right password of an account that has not accepted this version is refused
     * ({@code terms_acceptance_required}) until it does. Off, the terms are only shown (and their acceptance recorded)
     * where a process names the {@code termsAndConditions} stage.
     */
    @WithDefault("false")
    boolean required();

    /**
     * The version in force, recorded with each acceptance. Publishing a new version is changing this value: any other
     * value than the one an account accepted counts as newer.
     */
    @WithDefault("1")
    String version();

    /** Where this version can be read; given with every refusal and in the stage's requirements. */
    @WithDefault("/terms")
    String url();
}
