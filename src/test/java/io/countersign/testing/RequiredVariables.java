package io.countersign.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The environment variables application.properties requires in production: {@code ${NAME}} with no
 * {@code :default} outside a profile-specific line. These are the secrets (event keys, HMAC keys) an
 * operator must provide; the local run and the packaged-application test generate them.
 */
public final class RequiredVariables {

    private static final Pattern REQUIRED_VARIABLE = Pattern.compile("\\$\\{([A-Z][A-Z0-9_]*)}");
    private static final SecureRandom RANDOM = new SecureRandom();

    private RequiredVariables() {
    }

    /** The names, read from the built {@code target/classes/application.properties} by default. */
    public static Set<String> in(Path applicationProperties) {
        Set<String> names = new TreeSet<>();
        try {
            for (String line : Files.readAllLines(applicationProperties)) {
                String trimmed = line.strip();
                if (trimmed.isEmpty() || trimmed.startsWith("#") || trimmed.startsWith("!")
                        || trimmed.startsWith("%")) {
                    continue;
                }
                Matcher m = REQUIRED_VARIABLE.matcher(trimmed);
                while (m.find()) {
                    names.add(m.group(1));
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return names;
    }

    /**
     * A fresh secret that suits every key the application reads: base64url without padding of 32 random bytes (the
     * event key decoder takes either alphabet; the JWT key must be base64url).
     */
    public static String randomKey() {
        byte[] key = new byte[32];
        RANDOM.nextBytes(key);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(key);
    }
}
