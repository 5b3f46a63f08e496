package io.countersign.deploy;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.logging.Level;
import java.util.logging.Logger;

import jakarta.mail.internet.MimeMessage;

import org.apache.kafka.common.test.KafkaClusterTestKit;
import org.apache.kafka.common.utils.Exit;

import com.icegreen.greenmail.util.GreenMail;

import io.countersign.testing.Infra;
import io.countersign.testing.RequiredVariables;

/**
 * {@code src/main/docker/prove-image.sh}: runs the built image as the api and the notifier containers, the way the
 * Deployments run them (read-only root filesystem, user 185, a tmpfs /tmp, the memory and CPU limits, settings only
 * from the environment), against the machine's PostgreSQL (a fresh database), a real Kafka broker and an SMTP server
 * started here. Passes when the api becomes ready, a sign-up's mail arrives through the notifier container, and
 * SIGTERM stops each container within the Deployments' terminationGracePeriodSeconds. Exits non-zero otherwise.
 *
 * <p>Usage: {@code ImageProof <image>}; {@code PGHOST}, {@code PGPORT}, {@code PGUSER} name the PostgreSQL server.
 */
public final class ImageProof {

    private static final Logger ROOT_LOGGER = Logger.getLogger("");
    /** Free ports on the host network, so that a proof never collides with anything else running here. */
    private static final int API_PORT = ProofChecks.freePort();
    private static final int NOTIFIER_PORT = ProofChecks.freePortOtherThan(API_PORT);

    private final String image;
    private final Podman podman = Podman.fromEnvironment();
    private final String id = UUID.randomUUID().toString().replace("-", "").substring(0, 8);
    private final ProofDeployments deployments = ProofDeployments.read(Path.of("k8s/base"));

    private ImageProof(String image) {
        this.image = image;
    }

    public static void main(String[] args) throws Exception {
        ROOT_LOGGER.setLevel(Level.WARNING);
        int exit;
        try {
            new ImageProof(args[0]).prove();
            exit = 0;
        } catch (Exception | AssertionError e) {
            System.err.println("[proof] FAILED: " + e.getMessage());
            exit = 1;
        }
        // the broker's threads must not keep this JVM alive
        Exit.setHaltProcedure((code, message) -> { });
        System.exit(exit);
    }

    private void prove() throws Exception {
        String pgHost = env("PGHOST", "127.0.0.1");
        String pgPort = env("PGPORT", "5432");
        String pgUser = env("PGUSER", "postgres");
        String database = "countersign_image_" + id;
        String admin = "jdbc:postgresql://" + pgHost + ":" + pgPort + "/postgres";
        execute(admin, pgUser, "create database " + database);
        Path kafkaDir = Files.createTempDirectory("countersign-proof-kafka");
        KafkaClusterTestKit kafka = null;
        GreenMail mail = null;
        String api = "countersign-proof-api-" + id;
        String notifier = "countersign-proof-notifier-" + id;
        try {
            kafka = Infra.startKafka(kafkaDir);
            mail = Infra.startMail(ProofChecks.freePort());
            Map<String, String> env = new LinkedHashMap<>();
            env.put("DB_HOST", pgHost);
            env.put("DB_PORT", pgPort);
            env.put("DB_NAME", database);
            env.put("DB_USER", pgUser);
            env.put("DB_PASSWORD", "");
            env.put("KAFKA_BOOTSTRAP_SERVERS", kafka.bootstrapServers());
            env.put("SMTP_HOST", "127.0.0.1");
            env.put("SMTP_PORT", String.valueOf(mail.getSmtp().getPort()));
            env.put("SMTP_START_TLS", "DISABLED");
            env.put("SMTP_TLS", "false");
            env.put("SMTP_LOGIN", "DISABLED");
            env.put("COUNTERSIGN_PUBLIC_BASE_URL", "http://127.0.0.1:" + API_PORT);
            for (String required : RequiredVariables.in(Path.of("src/main/resources/application.properties"))) {
                env.put(required, RequiredVariables.randomKey());
            }
            log("image %s, %d MB", image, podman.imageSize(image) / 1_000_000);

            long apiStarted = start(api, "api", API_PORT, env);
            long notifierStarted = start(notifier, "notifier", NOTIFIER_PORT, env);
            ProofChecks.awaitReady(podman, api, API_PORT, Duration.ofMinutes(3));
            long apiReady = (System.nanoTime() - apiStarted) / 1_000_000;
            log("api ready in %d ms (Quarkus: %s)", apiReady, ProofChecks.quarkusStartup(podman.logs(api)));
            ProofChecks.awaitReady(podman, notifier, NOTIFIER_PORT, Duration.ofMinutes(3));
            long notifierReady = (System.nanoTime() - notifierStarted) / 1_000_000;
            log("notifier ready in %d ms (Quarkus: %s)", notifierReady, ProofChecks.quarkusStartup(podman.logs(notifier)));
            log("containers: %s", ProofChecks.describe(podman, api));

            String email = "proof-" + id + "@example.com";
            HttpResponse<String> signUp = HttpClient.newHttpClient().send(HttpRequest.newBuilder()
                    .uri(URI.create("http://127.0.0.1:" + API_PORT + "/users"))
                    .header("content-type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString(
                            "{\"email\":\"" + email + "\",\"password\":\"violet tractor umbrella 47\"}"))
                    .build(), HttpResponse.BodyHandlers.ofString());
            if (signUp.statusCode() != 202) {
                throw new AssertionError("sign-up answered " + signUp.statusCode() + ": " + signUp.body());
            }
            long sent = System.nanoTime();
            if (!mail.waitForIncomingEmail(60_000, 1)) {
                throw new AssertionError("no mail within 60 s; notifier log:\n" + tail(podman.logs(notifier)));
            }
            MimeMessage message = mail.getReceivedMessages()[0];
            String to = message.getAllRecipients()[0].toString();
            if (!to.equals(email)) {
                throw new AssertionError("the mail went to " + to + ", not " + email);
            }
            log("sign-up mail \"%s\" to %s arrived %d ms after the 202", message.getSubject(), to,
                    (System.nanoTime() - sent) / 1_000_000);

            for (String container : List.of(api, notifier)) {
                ProofChecks.stopWithSigterm(podman, container, deployments.gracePeriodSeconds(container));
            }
            log("PASSED");
        } finally {
            podman.removeQuietly(api);
            podman.removeQuietly(notifier);
            if (mail != null) {
                mail.stop();
            }
            if (kafka != null) {
                Exit.setHaltProcedure((code, message) -> { });
                Exit.setExitProcedure((code, message) -> { });
                kafka.close();
            }
            execute(admin, pgUser, "drop database if exists " + database + " with (force)");
        }
    }

    private long start(String name, String role, int port, Map<String, String> common) {
        Map<String, String> env = new LinkedHashMap<>(common);
        env.put("QUARKUS_PROFILE", role);
        env.put("PORT", String.valueOf(port));
        ProofDeployments.Limits limits = deployments.limits(name);
        long started = System.nanoTime();
        podman.runDetached(name, image, env, limits.memory(), limits.cpus());
        log("started %s (QUARKUS_PROFILE=%s, port %d, memory %s, cpus %s)", name, role, port, limits.memory(), limits.cpus());
        return started;
    }

    private static void execute(String url, String user, String sql) throws Exception {
        try (Connection c = DriverManager.getConnection(url, user, ""); Statement s = c.createStatement()) {
            s.execute(sql);
        }
    }

    static String tail(String log) {
        String[] lines = log.split("\n");
        return String.join("\n", List.of(lines).subList(Math.max(0, lines.length - 30), lines.length));
    }

    private static String env(String name, String fallback) {
        String value = System.getenv(name);
        return value == null || value.isBlank() ? fallback : value;
    }

    static void log(String format, Object... args) {
        System.out.printf("[proof] " + format + "%n", args);
    }
}
