package io.countersign.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Map;
import java.util.Properties;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;

/**
 * For the packaged application, which runs with the production profile: a fresh random value for every
 * secret application.properties requires ({@link RequiredVariables}), as an operator would provide them.
 * The values go to a private file named by {@code quarkus.config.locations}, not onto the command line,
 * which the integration-test launcher prints.
 */
public class GeneratedSecretsResource implements QuarkusTestResourceLifecycleManager {

    private static volatile Properties generated = new Properties();

    private Path file;

    /** The value generated for a required variable by the last start (e.g. {@code EVENTS_KEY_K1}), or null. */
    public static String generated(String name) {
        return generated.getProperty(name);
    }

    @Override
    public Map<String, String> start() {
        Properties secrets = new Properties();
        for (String name : RequiredVariables.in(Path.of("target/classes/application.properties"))) {
            secrets.setProperty(name, RequiredVariables.randomKey());
        }
        generated = secrets;
        try {
            file = Files.createTempFile(Path.of("target"), "it-secrets-", ".properties",
                    PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
            try (Writer out = Files.newBufferedWriter(file)) {
                secrets.store(out, "generated for one integration-test run");
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return Map.of("quarkus.config.locations", file.toUri().toString());
    }

    @Override
    public void stop() {
        try {
            if (file != null) {
                Files.deleteIfExists(file);
            }
        } catch (IOException ignored) {
            // target/ is cleaned by the build
        }
    }
}
