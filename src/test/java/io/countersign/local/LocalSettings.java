package io.countersign.local;

import java.nio.file.Path;

/**
 * Where the local run puts things. Every value can be overridden with a system property
 * ({@code -Dcountersign.local.<name>=...}); {@code run-local.sh} forwards {@code PORT} as the API port.
 *
 * @param root        the repository root
 * @param state       {@code .local/}: database files, generated secrets, pid files
 * @param apiPort     HTTP port of the application
 * @param postgresPort port of the embedded PostgreSQL
 * @param smtpPort    port of the SMTP catcher
 * @param mailboxPort port of the mailbox web page
 */
record LocalSettings(Path root, Path state, int apiPort, int postgresPort, int smtpPort, int mailboxPort) {

    static LocalSettings fromSystemProperties() {
        Path root = Path.of(System.getProperty("countersign.local.root", ".")).toAbsolutePath().normalize();
        Path state = root.resolve(System.getProperty("countersign.local.state", ".local"));
        return new LocalSettings(root, state,
                Integer.getInteger("countersign.local.api-port", 8080),
                Integer.getInteger("countersign.local.postgres-port", 55432),
                Integer.getInteger("countersign.local.smtp-port", 2525),
                Integer.getInteger("countersign.local.mailbox-port", 8025));
    }

    Path postgresData() {
        return state.resolve("postgres");
    }

    Path kafkaData() {
        return state.resolve("kafka");
    }

    Path secretsFile() {
        return state.resolve("secrets.properties");
    }

    Path applicationJar() {
        return root.resolve("target/quarkus-app/quarkus-run.jar");
    }

    Path applicationProperties() {
        return root.resolve("target/classes/application.properties");
    }

    String apiUrl() {
        return "http://localhost:" + apiPort;
    }
}
