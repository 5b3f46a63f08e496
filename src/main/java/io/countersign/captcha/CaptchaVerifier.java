package io.countersign.captcha;

import java.net.URI;
import java.util.List;
import java.util.Set;

import org.jboss.logging.Logger;

import com.fasterxml.jackson.databind.ObjectMapper;

import io.countersign.audit.ClientInfo;
import io.countersign.error.CaptchaUnavailable;
import io.countersign.error.ErrorCode;
import io.countersign.error.FlowException;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.runtime.Startup;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.core.Vertx;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * Checks a captcha response with the configured provider's site-verify API (docs/captcha.md), for the guards of the
 * resource API, compat and the pages and for the self-service {@code captcha} stage. A missing response is
 * {@code captcha_required}; one the provider refuses (or, with reCAPTCHA v3, a score below {@code min-score}, another
 * action; with {@code hostnames}, another host) is {@code captcha_invalid}; a provider that fails is
 * {@link CaptchaUnavailable} (503): the request is refused, never let through unchecked. Every check is counted in
 * {@code countersign.captcha.checks} (tags provider, outcome). Neither the response nor the secret is ever logged.
 */
@ApplicationScoped
@Startup
public class CaptchaVerifier {

    /** The guarded flows ({@code countersign.captcha.guards}). */
    public enum Guard {
        SIGN_UP, FORGOT, RESEND
    }

    /** Longer responses are refused unread (the providers' tokens are a few kilobytes at most). */
    public static final int MAX_RESPONSE = 8192;

    private static final Logger LOG = Logger.getLogger(CaptchaVerifier.class);
    /** error-codes that say our own configuration is wrong (the secret or the site key), not the person's answer. */
    private static final Set<String> OURS = Set.of("missing-input-secret", "invalid-input-secret", "sitekey-secret-mismatch",
            "invalid-sitekey", "missing-input-sitekey", "internal-error");

    private final CaptchaConfig config;
    private final ClientInfo client;
    private final MeterRegistry registry;
    private final CaptchaProvider provider;
    private final SiteVerifyClient siteVerify;

    public CaptchaVerifier(CaptchaConfig config, ClientInfo client, ObjectMapper json, MeterRegistry registry, Vertx vertx) {
        this.config = config;
        this.client = client;
        this.registry = registry;
        this.provider = config.provider();
        this.siteVerify = provider == CaptchaProvider.NONE ? null
                : new SiteVerifyClient(checkedUrl(config), config.timeout(), json, vertx);
    }

    private static String checkedUrl(CaptchaConfig config) {
        String prefix = "countersign.captcha.";
        if (config.siteKey().filter(k -> !k.isBlank()).isEmpty() || config.secret().filter(s -> !s.isBlank()).isEmpty()) {
            throw new IllegalStateException(prefix + "site-key and " + prefix + "secret are required with provider "
                    + config.provider().wireName());
        }
        if (config.minScore() < 0 || config.minScore() > 1) {
            throw new IllegalStateException(prefix + "min-score must be between 0.0 and 1.0");
        }
        String url = config.verifyUrl().orElse(config.provider().defaultVerifyUrl());
        String scheme = URI.create(url).getScheme();
        if (!"https".equalsIgnoreCase(scheme) && !"http".equalsIgnoreCase(scheme)) {
            throw new IllegalStateException(prefix + "verify-url must be an http(s) URL");
        }
        return url;
    }

    /** The configured provider ({@code NONE}: no captcha anywhere). */
    public CaptchaProvider provider() {
        return provider;
    }

    /** The public site key the widget is rendered with; null without a provider. */
    public String siteKey() {
        return provider == CaptchaProvider.NONE ? null : config.siteKey().orElse(null);
    }

    /** The reCAPTCHA v3 action the pages ask tokens for (and the check expects). */
    public String action() {
        return config.action();
    }

    /** Whether this flow needs a captcha (a provider is set and its guard is on). */
    public boolean guards(Guard guard) {
        if (provider == CaptchaProvider.NONE) {
            return false;
        }
        return switch (guard) {
            case SIGN_UP -> config.guards().signUp();
            case FORGOT -> config.guards().forgot();
            case RESEND -> config.guards().resend();
        };
    }

    /** Checks the response when the flow is guarded; passes at once when it is not. */
    public Uni<Void> guard(Guard guard, String response) {
        return guards(guard) ? check(response) : Uni.createFrom().voidItem();
    }

    /** Checks a response with the provider; fails with {@code captcha_required}, {@code captcha_invalid} or 503. */
    public Uni<Void> check(String response) {
        if (provider == CaptchaProvider.NONE) {
            return Uni.createFrom().failure(new IllegalStateException("no captcha provider is configured"));
        }
        if (response == null || response.isBlank()) {
            counted("missing");
            return Uni.createFrom().failure(new FlowException(ErrorCode.CAPTCHA_REQUIRED, "Solve the captcha first."));
        }
        if (response.length() > MAX_RESPONSE) {
            return Uni.createFrom().failure(refused("too_long"));
        }
        String ip = config.sendRemoteIp() ? client.ip() : null;
        String siteKey = provider == CaptchaProvider.HCAPTCHA ? config.siteKey().get() : null;
        return siteVerify.verify(SiteVerifyClient.form(config.secret().get(), response, ip, siteKey))
                .onFailure(CaptchaUnavailable.class).invoke(e -> {
                    String reason = ((CaptchaUnavailable) e).reason();
                    LOG.warnf("Captcha check with %s failed closed: %s", provider.wireName(), reason);
                    counted(reason);
                })
                .map(this::judge).replaceWithVoid();
    }

    private SiteVerifyAnswer judge(SiteVerifyAnswer answer) {
        if (!answer.success()) {
            List<String> ours = answer.errorCodes().stream().filter(OURS::contains).toList();
            if (!ours.isEmpty()) {
                LOG.errorf("The captcha provider %s refused our own request (%s): check countersign.captcha.site-key, "
                        + ".secret and .verify-url", provider.wireName(), String.join(",", ours));
                counted("misconfigured");
                throw new CaptchaUnavailable("misconfigured");
            }
            throw refused(answer.errorCodes().isEmpty() ? "failed" : String.join(",", answer.errorCodes()));
        }
        if (provider == CaptchaProvider.RECAPTCHA_V3) {
            if (answer.score() == null || answer.score() < config.minScore()) {
                throw refused("low_score");
            }
            if (!config.action().equals(answer.action())) {
                throw refused("wrong_action");
            }
        }
        if (config.hostnames().isPresent() && !config.hostnames().get().contains(answer.hostname())) {
            throw refused("wrong_hostname");
        }
        counted("passed");
        return answer;
    }

    private FlowException refused(String why) {
        LOG.debugf("Captcha refused by %s: %s", provider.wireName(), why);
        counted("refused");
        return new FlowException(ErrorCode.CAPTCHA_INVALID, "The captcha was not solved, or has expired; solve it again.");
    }

    private void counted(String outcome) {
        registry.counter("countersign.captcha.checks", "provider", provider.wireName(), "outcome", outcome).increment();
    }
}
