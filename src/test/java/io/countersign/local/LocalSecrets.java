package io.countersign.local;

import java.io.IOException;
import java.io.Reader;
import java.io.Writer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

import io.countersign.testing.RequiredVariables;

/**
 * The secrets the application needs in production (environment variables with no default in
 * application.properties, such as {@code EVENTS_KEY_K1}), generated once for this machine and kept in
 * {@code .local/secrets.properties} (mode 600) so that data sealed with them stays readable after a restart.
 * Values are never printed, only names.
 */
final class LocalSecrets {

    private final Path file;

    LocalSecrets(Path file) {
        this.file = file;
    }

    /**
     * Loads the stored secrets and adds a fresh random value (base64 of 32 bytes, the format of the event
     * keys and HMAC keys) for every required variable that is neither stored nor provided by the launcher.
     */
    Map<String, String> load(Path applicationProperties, Set<String> providedByLauncher) throws IOException {
        Properties stored = new Properties();
        if (Files.exists(file)) {
            try (Reader in = Files.newBufferedReader(file)) {
                stored.load(in);
            }
        }
        Set<String> generated = new TreeSet<>();
        for (String name : RequiredVariables.in(applicationProperties)) {
            if (!providedByLauncher.contains(name) && !stored.containsKey(name)) {
                stored.setProperty(name, RequiredVariables.randomKey());
                generated.add(name);
            }
        }
        if (!generated.isEmpty()) {
            save(stored);
            System.out.println("[local] generated " + String.join(", ", generated) + " into " + file);
        }
        Map<String, String> secrets = new TreeMap<>();
        stored.forEach((k, v) -> secrets.put((String) k, (String) v));
        return secrets;
    }

    private void save(Properties secrets) throws IOException {
        Files.createDirectories(file.getParent());
        if (!Files.exists(file)) {
            Files.createFile(file, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        }
        try (Writer out = Files.newBufferedWriter(file)) {
            secrets.store(out, "Countersign local run: generated secrets for this machine only. Never commit.");
        }
    }
}
