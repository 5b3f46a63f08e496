package io.countersign.captcha;

import java.time.Duration;
import java.util.List;
import java.util.Optional;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/**
 * The captcha (docs/captcha.md): which provider checks it through its site-verify API, its keys, and which requests it
 * guards. Environment variables: {@code COUNTERSIGN_CAPTCHA_PROVIDER}, {@code COUNTERSIGN_CAPTCHA_SITE_KEY},
 * {@code COUNTERSIGN_CAPTCHA_SECRET}, {@code COUNTERSIGN_CAPTCHA_VERIFY_URL}.
 */
@ConfigMapping(prefix = "countersign.captcha")
public interface CaptchaConfig {

    /** {@code none} (no captcha anywhere), {@code turnstile}, {@code hcaptcha}, {@code recaptcha-v2} or {@code recaptcha-v3}. */
    @WithDefault("none")
    CaptchaProvider provider();

    /** The public site key the widget is rendered with; required with a provider. */
    Optional<String> siteKey();

    /** The secret sent to the site-verify API; required with a provider. Never logged. */
    Optional<String> secret();

    /** The site-verify URL; by default the provider's own (tests and proxies set another). */
    Optional<String> verifyUrl();

    /** reCAPTCHA v3: the lowest score (0.0 to 1.0) accepted. */
    @WithDefault("0.5")
    double minScore();

    /**
     * reCAPTCHA v3: the action the token must have been made for ({@code grecaptcha.execute(siteKey, {action})}); the
     * hosted pages and the self-service stage use it.
     */
    @WithDefault("countersign")
    String action();

    /** When set, the host names a solved captcha may come from (the answer's {@code hostname}); others are refused. */
    Optional<List<String>> hostnames();

    /** Send the client's IP as {@code remoteip} (optional in every provider's API; it helps their risk analysis). */
    @WithDefault("true")
    boolean sendRemoteIp();

    /** How long a site-verify call may take, connecting included; longer answers 503 {@code captcha_unavailable}. */
    @WithDefault("5s")
    Duration timeout();

    /** Which requests need a captcha, when a provider is set (the self-service {@code captcha} stage is configured per process). */
    Guards guards();

    /** The guarded flows; each guard applies on every surface that serves the flow. */
    interface Guards {

        /** {@code POST /users}. */
        @WithDefault("true")
        boolean signUp();

        /** {@code POST /password/forgot}, compat {@code sendResetPwd}, the page {@code /pages/forgot}. */
        @WithDefault("true")
        boolean forgot();

        /** {@code POST /verification/resend}, compat {@code resendVerifySignup}, the page {@code /pages/verify/resend}. */
        @WithDefault("true")
        boolean resend();
    }
}
