package io.countersign.testing;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * The packaged application ({@code target/quarkus-app/quarkus-run.jar}, production profile unless
 * {@code QUARKUS_PROFILE} says otherwise) as a child process of an integration test, configured by environment
 * variables only, as in a container. Used by the ITs that start the jar themselves rather than through
 * {@code @QuarkusIntegrationTest} (which hands its configuration to the jar as {@code -D} system properties):
 * {@code ops/HooksPackagedIT}, {@code ops/TwoInstancesIT}, {@code admin/AdminPackagedIT},
 * {@code notifier/NotifierScaleOutIT}.
 *
 * <pre>{@code
 * Map<String, String> env = PackagedJar.environment();
 * env.put("COUNTERSIGN_ADMIN_EMAILS", ADMIN);
 * PackagedJar app = PackagedJar.launch("admin").environment(env).log(Path.of("target/admin-packaged/app.log")).start();
 * app.awaitReady(Duration.ofSeconds(120));
 * ... app.url() ...
 * app.close();
 * }</pre>
 */
public final class PackagedJar implements AutoCloseable {

    /** Where {@code package} puts the application. */
    public static final Path JAR = Path.of("target/quarkus-app/quarkus-run.jar");

    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    private final String name;
    private final Process process;
    private final int port;
    private final Path log;

    private PackagedJar(String name, Process process, int port, Path log) {
        this.name = name;
        this.process = process;
        this.port = port;
        this.log = log;
    }

    /**
     * The variables that point an instance at the suite's services ({@link Infra}): its PostgreSQL database, Kafka
     * broker and SMTP server, with a fresh random value for every secret that {@code application.properties}
     * requires (one set, so that instances started with the same map share their secrets as replicas do). Mutable.
     */
    public static Map<String, String> environment() {
        return environment(Infra.postgres().database());
    }

    /** As {@link #environment()}, with another database on the suite's PostgreSQL server. */
    public static Map<String, String> environment(String database) {
        Infra.Postgres db = Infra.postgres();
        Map<String, String> env = new HashMap<>();
        env.put("DB_HOST", db.host());
        env.put("DB_PORT", String.valueOf(db.port()));
        env.put("DB_NAME", database);
        env.put("DB_USER", db.user());
        env.put("DB_PASSWORD", db.password() == null ? "" : db.password());
        env.put("KAFKA_BOOTSTRAP_SERVERS", Infra.kafka().bootstrapServers());
        env.put("SMTP_HOST", "127.0.0.1");
        env.put("SMTP_PORT", String.valueOf(Infra.mail().getSmtp().getPort()));
        env.put("SMTP_START_TLS", "DISABLED");
        env.put("SMTP_LOGIN", "DISABLED");
        for (String secret : RequiredVariables.in(Path.of("target/classes/application.properties"))) {
            env.put(secret, RequiredVariables.randomKey());
        }
        return env;
    }

    /** A launch of the jar; {@code name} appears in the failure messages. */
    public static Launch launch(String name) {
        return new Launch(name);
    }

    /** What to start and how; every instance gets a free port of its own, handed over as {@code PORT}. */
    public static final class Launch {

        private final String name;
        private Path jar = JAR;
        private List<String> jvmOptions = List.of("-Xmx256m");
        private Path directory;
        private final Map<String, String> environment = new HashMap<>();
        private Path log;

        private Launch(String name) {
            this.name = name;
        }

        /** Another copy of the jar (default {@link #JAR}). */
        public Launch jar(Path jar) {
            this.jar = jar;
            return this;
        }

        /** The JVM's options, replacing the default {@code -Xmx256m}. */
        public Launch jvmOptions(String... options) {
            this.jvmOptions = List.of(options);
            return this;
        }

        /** The working directory (default: the build's). */
        public Launch directory(Path directory) {
            this.directory = directory;
            return this;
        }

        public Launch environment(Map<String, String> variables) {
            environment.putAll(variables);
            return this;
        }

        public Launch environment(String variable, String value) {
            environment.put(variable, value);
            return this;
        }

        /** The file that receives the process' standard output and error; its directory is created. Required. */
        public Launch log(Path log) {
            this.log = log;
            return this;
        }

        public PackagedJar start() throws IOException {
            if (!Files.isRegularFile(jar)) {
                throw new AssertionError("no " + jar + ": run the integration tests after `package` (./mvnw verify)");
            }
            if (log == null) {
                throw new IllegalStateException("no log file for " + name);
            }
            if (log.toAbsolutePath().getParent() != null) {
                Files.createDirectories(log.toAbsolutePath().getParent());
            }
            int port = freePort();
            List<String> command = new ArrayList<>();
            command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
            command.addAll(jvmOptions);
            command.add("-jar");
            command.add(jar.toString());
            ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile());
            if (directory != null) {
                builder.directory(directory.toFile());
            }
            builder.environment().putAll(environment);
            builder.environment().put("PORT", String.valueOf(port));
            return new PackagedJar(name, builder.start(), port, log);
        }
    }

    public String name() {
        return name;
    }

    public Process process() {
        return process;
    }

    public int port() {
        return port;
    }

    /** {@code http://127.0.0.1:<port>} */
    public String url() {
        return "http://127.0.0.1:" + port;
    }

    public Path log() {
        return log;
    }

    /**
     * Waits until {@code /q/health/ready} answers 200; fails at once when the process exits, and after
     * {@code timeout}, with the end of its log either way.
     */
    public void awaitReady(Duration timeout) throws InterruptedException {
        HttpRequest ready = HttpRequest.newBuilder(URI.create(url() + "/q/health/ready")).timeout(Duration.ofSeconds(5)).build();
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new AssertionError(name + " exited with " + process.exitValue() + " (log " + log + "):\n" + tail());
            }
            try {
                if (HTTP.send(ready, HttpResponse.BodyHandlers.discarding()).statusCode() == 200) {
                    return;
                }
            } catch (IOException notYet) {
                // not listening yet
            }
            Thread.sleep(500);
        }
        throw new AssertionError(name + " not ready after " + timeout + " (log " + log + "):\n" + tail());
    }

    /** The last 60 lines of the log. */
    public String tail() {
        try {
            List<String> lines = Files.readAllLines(log, StandardCharsets.UTF_8);
            return String.join("\n", lines.subList(Math.max(0, lines.size() - 60), lines.size()));
        } catch (IOException e) {
            return "(log unreadable: " + e + ")";
        }
    }

    /** Stops the process (SIGTERM, then SIGKILL after 20 s). */
    @Override
    public void close() throws InterruptedException {
        stopAll(List.of(this));
    }

    /** Stops several at once: all are asked to stop before any is waited for. Null entries are skipped. */
    public static void stopAll(Collection<PackagedJar> instances) throws InterruptedException {
        for (PackagedJar instance : instances) {
            if (instance != null) {
                instance.process.destroy();
            }
        }
        for (PackagedJar instance : instances) {
            if (instance != null && !instance.process.waitFor(20, TimeUnit.SECONDS)) {
                instance.process.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
            }
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
