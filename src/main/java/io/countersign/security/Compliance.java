package io.countersign.security;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import org.eclipse.microprofile.config.ConfigProvider;
import org.jboss.logging.Logger;

import io.countersign.config.CountersignConfig;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

/**
 * The compliance self-check: every configured value that falls below what OWASP ASVS 5.0 (chapters 6 and 7), NIST SP
 * 800-63B or the OWASP Forgot Password Cheat Sheet require. Logged as warnings at start-up (values only, never a
 * secret) and served to administrators at {@code GET /admin/compliance}. SECURITY.md lists the same checks.
 */
@ApplicationScoped
public class Compliance {

    private static final Logger LOG = Logger.getLogger(Compliance.class);

    /** One check and its outcome. {@code value} never holds a secret: keys are described by their length. */
    public record Check(String id, String setting, String value, String requirement, String reference, boolean passed) {
    }

    /** The whole report. */
    public record Report(boolean compliant, int failed, List<Check> checks) {
    }

    private final CountersignConfig config;
    private final RateLimitConfig limits;

    public Compliance(CountersignConfig config, RateLimitConfig limits) {
        this.config = config;
        this.limits = limits;
    }

    void onStart(@Observes StartupEvent start) {
        Report report = report();
        for (Check check : report.checks()) {
            if (!check.passed()) {
                LOG.warnf("Compliance: %s = %s falls below the requirement '%s' (%s) [%s]", check.setting(), check.value(),
                        check.requirement(), check.reference(), check.id());
            }
        }
        if (report.compliant()) {
            LOG.infof("Compliance: all %d checks pass (GET /admin/compliance for details)", report.checks().size());
        } else {
            LOG.warnf("Compliance: %d of %d checks fail (GET /admin/compliance for details)", report.failed(),
                    report.checks().size());
        }
    }

    public Report report() {
        List<Check> checks = new ArrayList<>();
        CountersignConfig.Passwords passwords = config.passwords();
        CountersignConfig.Tokens tokens = config.tokens();

        checks.add(check("bcrypt-cost", "countersign.passwords.bcrypt-cost", passwords.bcryptCost(),
                passwords.bcryptCost() >= 10, "bcrypt cost of at least 10", "OWASP Password Storage Cheat Sheet"));
        checks.add(check("password-min-length", "countersign.passwords.min-length", passwords.minLength(),
                passwords.minLength() >= 8, "passwords of at least 8 characters", "ASVS 5.0 6.2.1; NIST 800-63B 5.1.1.2"));
        checks.add(check("password-max-length", "countersign.passwords.max-length", passwords.maxLength(),
                passwords.maxLength() >= 64, "passwords of at least 64 characters allowed", "ASVS 5.0 6.2.9; NIST 800-63B 5.1.1.2"));
        checks.add(check("password-strength", "countersign.passwords.min-strength", passwords.minStrength(),
                passwords.minStrength() >= 1, "a strength estimate rejects guessable passwords (score 1 or more)",
                "ASVS 5.0 6.2.4, 6.2.11"));

        double bits = tokens.shortTokenLen() * (Math.log(tokens.shortTokenDigits() ? 10 : 36) / Math.log(2));
        checks.add(check("short-code-entropy", "countersign.tokens.short-token-len / short-token-digits",
                String.format("%d %s = %.1f bits", tokens.shortTokenLen(), tokens.shortTokenDigits() ? "digits" : "characters", bits),
                bits >= 19.9, "short codes of at least 20 bits (ASVS: six random digits suffice)",
                "ASVS 5.0 6.5.4; NIST 800-63B 5.1.3.1"));
        checks.add(check("long-token-entropy", "countersign.tokens.long-token-bytes", tokens.longTokenBytes() * 8 + " bits",
                tokens.longTokenBytes() >= 16, "link tokens of at least 128 bits", "ASVS 5.0 7.2.3"));
        checks.add(check("code-attempts", "countersign.tokens.attempts", tokens.attempts(), tokens.attempts() >= 1
                && tokens.attempts() <= 10, "at most 10 guesses of one code", "ASVS 5.0 6.6.3; NIST 800-63B 5.2.2"));
        checks.add(check("sms-lifetime", "countersign.tokens.sms-lifetime", tokens.smsLifetime(),
                tokens.smsLifetime().compareTo(Duration.ofMinutes(10)) <= 0, "codes sent by SMS expire within 10 minutes",
                "ASVS 5.0 6.5.5; NIST 800-63B 5.1.3.2"));
        checks.add(check("reset-lifetime", "countersign.reset.lifetime", config.reset().lifetime(),
                config.reset().lifetime().compareTo(Duration.ofHours(1)) <= 0, "password-reset links expire within an hour",
                "OWASP Forgot Password Cheat Sheet"));
        checks.add(check("reset-unverified", "countersign.reset.skip-is-verified-check", config.reset().skipIsVerifiedCheck(),
                !config.reset().skipIsVerifiedCheck(), "password resets only to verified addresses", "OWASP Forgot Password Cheat Sheet"));
        checks.add(check("hard-lock", "countersign.login.hard-lock-failures", config.login().hardLockFailures(),
                config.login().hardLockFailures() <= 100, "at most 100 consecutive failed logins before the account is locked",
                "NIST 800-63B 5.2.2; ASVS 5.0 6.3.1"));
        checks.add(check("access-token-lifetime", "countersign.login.access-token-lifetime", config.login().accessTokenLifetime(),
                config.login().accessTokenLifetime().compareTo(Duration.ofHours(12)) <= 0,
                "access tokens expire within 12 hours (re-authentication)", "NIST 800-63B 4.2.3; ASVS 5.0 7.3.2"));
        int jwtKey = config.login().jwtSecret().getBytes(StandardCharsets.UTF_8).length;
        checks.add(check("jwt-key-length", "countersign.login.jwt-secret", jwtKey + " bytes", jwtKey >= 32,
                "a signing key of at least 256 bits", "RFC 7518 3.2"));
        int hmacKey = tokens.hmacKey().getBytes(StandardCharsets.UTF_8).length;
        checks.add(check("hmac-key-length", "countersign.tokens.hmac-key", hmacKey + " bytes", hmacKey >= 32,
                "a token HMAC key of at least 256 bits", "RFC 2104 3 (key at least the hash length)"));
        checks.add(check("enumeration-protection", "countersign.enumeration-protection", config.enumerationProtection(),
                config.enumerationProtection(), "answers do not reveal whether an account exists", "ASVS 5.0 6.3.8"));
        checks.add(check("rate-limits", "countersign.rate-limits.enabled", limits.enabled(), limits.enabled(),
                "rate limits on login, recovery and code entry", "ASVS 5.0 6.3.1; NIST 800-63B 5.2.2"));
        checks.add(check("login-rate-limit", "countersign.rate-limits.login.per-account", limits.login().perAccount(),
                limits.login().perAccount() <= 100, "at most 100 login attempts per account per window", "NIST 800-63B 5.2.2"));
        checks.add(check("code-rate-limit", "countersign.rate-limits.code.per-account", limits.code().perAccount(),
                limits.code().perAccount() <= 100, "at most 100 code attempts per account per window", "NIST 800-63B 5.2.2"));
        String base = ConfigProvider.getConfig().getOptionalValue("countersign.notifier.links.base-url", String.class).orElse("");
        boolean local = base.startsWith("http://localhost") || base.startsWith("http://127.0.0.1");
        checks.add(check("https-links", "countersign.notifier.links.base-url", base, base.isEmpty() || base.startsWith("https://") || local,
                "links in messages use https (localhost excepted)", "ASVS 5.0 12.2.1"));

        int failed = (int) checks.stream().filter(c -> !c.passed()).count();
        return new Report(failed == 0, failed, List.copyOf(checks));
    }

    private static Check check(String id, String setting, Object value, boolean passed, String requirement, String reference) {
        return new Check(id, setting, String.valueOf(value), requirement, reference, passed);
    }
}
