package io.countersign.flow;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Set;
import java.util.stream.Collectors;

import com.nulabinc.zxcvbn.Strength;
import com.nulabinc.zxcvbn.Zxcvbn;

import io.countersign.config.CountersignConfig;
import io.countersign.error.ErrorCode;
import io.countersign.error.FlowException;
import io.quarkus.runtime.Startup;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.core.Vertx;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * Checks a new password (NIST SP 800-63B: length, any Unicode, not a commonly used password, not the user's own
 * identifiers; ASVS 5.0 6.2: a strength estimate). The blocklist is read once at start-up from {@value #BLOCKLIST};
 * the strength estimate is zxcvbn's (its own dictionaries of common passwords, names and words, keyboard patterns,
 * dates, repeats), which takes up to ~15 ms for 128 characters and so runs on a worker thread.
 */
@ApplicationScoped
@Startup
public class PasswordPolicy {

    static final String BLOCKLIST = "passwords/common.txt";

    /** The product name is an identifier of sorts: a password built on it is weaker. */
    private static final List<String> PRODUCT_WORDS = List.of("countersign");

    private final int min;
    private final int max;
    private final int minStrength;
    private final Set<String> common;
    private final Zxcvbn estimator;
    private final Vertx vertx;

    public PasswordPolicy(CountersignConfig config, Vertx vertx) {
        this.min = config.passwords().minLength();
        this.max = config.passwords().maxLength();
        this.minStrength = config.passwords().minStrength();
        if (minStrength < 0 || minStrength > 4) {
            throw new IllegalStateException("countersign.passwords.min-strength must be 0 to 4, not " + minStrength);
        }
        this.common = blocklist();
        this.estimator = minStrength == 0 ? null : new Zxcvbn();
        this.vertx = vertx;
        if (estimator != null) {
            estimator.measure("warm up the estimator 1");
        }
    }

    /**
     * All rules: the cheap ones at once (a failure is thrown before anything else happens), then the strength
     * estimate off the event loop.
     *
     * @return a Uni that fails with {@code password_policy} naming the rule that failed
     */
    public Uni<Void> vet(String password, String... identifiers) {
        check(password, identifiers);
        if (estimator == null) {
            return Uni.createFrom().voidItem();
        }
        return vertx.executeBlocking(Uni.createFrom().item(() -> {
            checkStrength(password, identifiers);
            return Boolean.TRUE;
        }), false).replaceWithVoid();
    }

    /** The lowest accepted strength score (0-4); 0 when the estimate is off. */
    public int minStrength() {
        return minStrength;
    }

    /** The zxcvbn score (0-4) of a password, given the user's identifiers. Blocking: a few milliseconds. */
    public int strength(String password, String... identifiers) {
        return estimate(password, identifiers).getScore();
    }

    private void checkStrength(String password, String... identifiers) {
        Strength strength = estimate(password, identifiers);
        if (strength.getScore() < minStrength) {
            String warning = strength.getFeedback().getWarning(Locale.ENGLISH);
            throw new FlowException(ErrorCode.PASSWORD_POLICY, "The password is too easy to guess (strength "
                    + strength.getScore() + " of 4, at least " + minStrength + " needed)."
                    + (warning == null || warning.isBlank() ? " Add more words or characters." : " " + warning), "password");
        }
    }

    private Strength estimate(String password, String... identifiers) {
        Zxcvbn zxcvbn = estimator == null ? new Zxcvbn() : estimator;
        List<String> inputs = new ArrayList<>(PRODUCT_WORDS);
        Arrays.stream(identifiers).filter(Objects::nonNull).forEach(id -> {
            inputs.add(id);
            int at = id.indexOf('@');
            if (at > 0) {
                inputs.add(id.substring(0, at));
            }
        });
        return zxcvbn.measure(password, inputs);
    }

    /** @throws FlowException {@code password_policy} naming the rule that failed */
    public void check(String password, String... identifiers) {
        if (password == null) {
            throw new FlowException(ErrorCode.PASSWORD_POLICY, "A password is required.", "password");
        }
        int length = password.codePointCount(0, password.length());
        if (length < min) {
            throw new FlowException(ErrorCode.PASSWORD_POLICY, "The password must have at least " + min + " characters.",
                    "password");
        }
        if (length > max) {
            throw new FlowException(ErrorCode.PASSWORD_POLICY, "The password must have at most " + max + " characters.",
                    "password");
        }
        String lower = password.toLowerCase(Locale.ROOT);
        if (common.contains(lower)) {
            throw new FlowException(ErrorCode.PASSWORD_POLICY, "The password is too common: it is on a list of frequently "
                    + "used passwords.", "password");
        }
        for (String identifier : identifiers) {
            if (identifier != null && !identifier.isBlank() && lower.equals(identifier.toLowerCase(Locale.ROOT))) {
                throw new FlowException(ErrorCode.PASSWORD_POLICY, "The password must not be your email, phone or username.",
                        "password");
            }
        }
    }

    private static Set<String> blocklist() {
        try (InputStream in = PasswordPolicy.class.getClassLoader().getResourceAsStream(BLOCKLIST)) {
            if (in == null) {
                throw new IllegalStateException(BLOCKLIST + " is missing");
            }
            return new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8)).lines().map(String::strip)
                    .filter(line -> !line.isEmpty() && !line.startsWith("#"))
                    .map(line -> line.toLowerCase(Locale.ROOT)).collect(Collectors.toUnmodifiableSet());
        } catch (IOException e) {
            throw new IllegalStateException("cannot read " + BLOCKLIST, e);
        }
    }
}
