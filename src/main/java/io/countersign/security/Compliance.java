package io.countersign.security;

import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

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

        checks.add(shortCode(tokens.shortTokenLen(), tokens.shortTokenDigits()));
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
        checks.add(rateLimit("login-rate-limit", "login.per-account", "login attempts per account", limits.login().perAccount(),
                limits.login().window(), "NIST 800-63B 5.2.2"));
        checks.add(rateLimit("login-ip-rate-limit", "login.per-ip", "login attempts per client IP", limits.login().perIp(),
                limits.login().window(), "ASVS 5.0 6.3.1 (credential stuffing); the ceiling is Countersign's own"));
        checks.add(rateLimit("code-rate-limit", "code.per-account", "code attempts per account", limits.code().perAccount(),
                limits.code().window(), "NIST 800-63B 5.2.2"));
        checks.add(rateLimit("code-ip-rate-limit", "code.per-ip", "code attempts per client IP", limits.code().perIp(),
                limits.code().window(), "ASVS 5.0 6.6.3 (code brute force); the ceiling is Countersign's own"));
        String base = ConfigProvider.getConfig().getOptionalValue("countersign.notifier.links.base-url", String.class).orElse("");
        boolean local = base.startsWith("http://localhost") || base.startsWith("http://127.0.0.1");
        checks.add(check("https-links", "countersign.notifier.links.base-url", base, base.isEmpty() || base.startsWith("https://") || local,
                "links in messages use https (localhost excepted)", "ASVS 5.0 12.2.1"));

        int failed = (int) checks.stream().filter(c -> !c.passed()).count();
        return new Report(failed == 0, failed, List.copyOf(checks));
    }

    /** Possible codes: six random digits, the minimum ASVS 6.5.4 names, are 10^6 codes or 19.93 bits. */
    static final long MIN_CODES = 1_000_000;

    /** The alphabet of non-digit codes (challenge/TokenCodec: A-Z and 2-9 without I, O, 0, 1). */
    static final int ALPHANUMERIC_SIZE = 32;

    /** The shortest code TokenCodec issues, whatever is configured. */
    static final int MIN_CODE_LENGTH = 4;

    /** The shortest window a login or code limit may count in. */
    static final Duration MIN_WINDOW = Duration.ofMinutes(15);

    /** The most attempts a login or code limit may allow per window. */
    static final int MAX_ATTEMPTS = 100;

    /**
     * Six random digits give 19.93 bits, not 20: the check compares the number of possible codes with the 10^6 of
     * ASVS 6.5.4's six digits and says so, rather than claiming 20 bits. Computed on the length TokenCodec really
     * uses (at least {@value #MIN_CODE_LENGTH}).
     */
    static Check shortCode(int configuredLength, boolean digits) {
        int length = Math.max(MIN_CODE_LENGTH, configuredLength);
        int alphabet = digits ? 10 : ALPHANUMERIC_SIZE;
        BigInteger codes = BigInteger.valueOf(alphabet).pow(length);
        double bits = length * Math.log(alphabet) / Math.log(2);
        String value = String.format(Locale.ROOT, "%d %s = %d^%d codes = %.2f bits", length, digits ? "digits" : "characters",
                alphabet, length, bits);
        return check("short-code-entropy", "countersign.tokens.short-token-len / short-token-digits", value,
                codes.compareTo(BigInteger.valueOf(MIN_CODES)) >= 0,
                "at least 10^6 possible codes (19.93 bits: the six random digits ASVS 6.5.4 names as sufficient; "
                        + "a strict 20 bits needs 7 digits or 4 characters)",
                "ASVS 5.0 6.5.4");
    }

    /** At most {@value #MAX_ATTEMPTS} attempts in a window of at least {@link #MIN_WINDOW}. */
    static Check rateLimit(String id, String key, String what, int allowed, Duration window, String reference) {
        return check(id, "countersign.rate-limits." + key, allowed + " per " + window,
                allowed <= MAX_ATTEMPTS && window.compareTo(MIN_WINDOW) >= 0,
                "at most " + MAX_ATTEMPTS + " " + what + " per window, in windows of 15 minutes or more", reference);
    }

    private static Check check(String id, String setting, Object value, boolean passed, String requirement, String reference) {
        return new Check(id, setting, String.valueOf(value), requirement, reference, passed);
    }
}
