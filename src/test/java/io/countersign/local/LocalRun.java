package io.countersign.local;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.logging.Level;
import java.util.logging.Logger;

import org.apache.kafka.common.test.KafkaClusterTestKit;
import org.apache.kafka.common.utils.Exit;

import com.icegreen.greenmail.util.GreenMail;

import io.countersign.testing.Infra;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;

/**
 * {@code ./run-local.sh}: Countersign with a real PostgreSQL (embedded, data kept in {@code .local/postgres}),
 * a real Kafka broker (in this JVM, data discarded at stop), a real SMTP catcher and an SMS gateway stub with a
 * mailbox web page listing both, and the packaged application as a child process. Ctrl-C stops the application first, then the services.
 */
public final class LocalRun {

    /** Loggers whose level is lowered must stay referenced, or java.util.logging forgets the level. */
    private static final Logger ROOT_LOGGER = Logger.getLogger("");

    private final LocalSettings settings;
    private final Deque<AutoCloseable> started = new ArrayDeque<>();
    private boolean stopping;

    private LocalRun(LocalSettings settings) {
        this.settings = settings;
    }

    public static void main(String[] args) throws Exception {
        ROOT_LOGGER.setLevel(Level.WARNING);
        LocalRun run = new LocalRun(LocalSettings.fromSystemProperties());
        Runtime.getRuntime().addShutdownHook(new Thread(run::stopAll, "local-run-stop"));
        int exit;
        try {
            exit = run.start();
        } catch (Exception e) {
            System.err.println("[local] cannot start: " + (e.getMessage() != null ? e.getMessage() : e));
            exit = 1;
        }
        System.exit(exit);
    }

    private int start() throws Exception {
        if (!Files.isRegularFile(settings.applicationJar())) {
            throw new IllegalStateException(settings.applicationJar() + " is missing; build it with ./run-local.sh");
        }
        Files.createDirectories(settings.state());
        new LeftoverProcesses(settings).stop();
        requireFreePorts();

        long t0 = System.nanoTime();
        EmbeddedPostgres postgres = Infra.openEmbeddedPostgres(settings.postgresData(), settings.postgresPort(), false);
        track(postgres);
        Infra.Postgres db = Infra.describe(postgres);
        log("PostgreSQL ready in %d ms", t0);

        long t1 = System.nanoTime();
        deleteRecursively(settings.kafkaData());
        Files.createDirectories(settings.kafkaData());
        KafkaClusterTestKit kafka = Infra.startKafka(settings.kafkaData());
        track(kafka);
        log("Kafka ready in %d ms", t1);

        GreenMail mail = Infra.startMail(settings.smtpPort());
        track(mail::stop);
        MailboxServer mailbox = new MailboxServer(mail, settings.smtpPort(), settings.mailboxPort());
        mailbox.showLifecycle(new MessageHistory(db));
        track(mailbox);

        Map<String, String> env = applicationEnvironment(db, kafka.bootstrapServers(), mailbox.smsGatewayUrl());
        long t2 = System.nanoTime();
        ApplicationProcess app = ApplicationProcess.start(settings.applicationJar(), settings.root(), env,
                settings.apiUrl());
        track(app);
        LeftoverProcesses.remember(settings, app.pid());
        app.awaitReady(Duration.ofMinutes(3));
        long appMillis = (System.nanoTime() - t2) / 1_000_000;
        long totalMillis = System.currentTimeMillis() - ManagementFactory.getRuntimeMXBean().getStartTime();
        System.out.print(LocalSummary.render(settings, db, kafka.bootstrapServers(), appMillis, totalMillis));

        int code = app.waitFor();
        if (isStopping()) {
            return 130;
        }
        System.err.println("[local] the application exited with code " + code + "; stopping the services");
        return code == 0 ? 0 : 1;
    }

    private Map<String, String> applicationEnvironment(Infra.Postgres db, String kafkaBootstrap, String smsGatewayUrl)
            throws IOException {
        Map<String, String> env = new HashMap<>();
        env.put("PORT", String.valueOf(settings.apiPort()));
        env.put("DB_HOST", db.host());
        env.put("DB_PORT", String.valueOf(db.port()));
        env.put("DB_NAME", db.database());
        env.put("DB_USER", db.user());
        env.put("DB_PASSWORD", db.password());
        env.put("KAFKA_BOOTSTRAP_SERVERS", kafkaBootstrap);
        env.put("SMTP_HOST", "127.0.0.1");
        env.put("SMTP_PORT", String.valueOf(settings.smtpPort()));
        env.put("SMTP_START_TLS", "DISABLED");
        env.put("SMTP_TLS", "false");
        env.put("SMTP_LOGIN", "DISABLED");
        // SMS go to the mailbox's gateway stub and are listed next to the e-mails
        env.put("SMS_GATEWAY", "http");
        env.put("SMS_HTTP_FORMAT", "json");
        env.put("SMS_HTTP_URL", smsGatewayUrl);
        // links in notifications point at this run (the notifier reads PUBLIC_BASE_URL)
        env.put("COUNTERSIGN_PUBLIC_BASE_URL", settings.apiUrl());
        env.put("PUBLIC_BASE_URL", settings.apiUrl());
        Map<String, String> secrets = new LocalSecrets(settings.secretsFile())
                .load(settings.applicationProperties(), Set.copyOf(env.keySet()));
        secrets.forEach(env::putIfAbsent);
        return env;
    }

    private void requireFreePorts() {
        Map<String, Integer> ports = Map.of("API", settings.apiPort(), "PostgreSQL", settings.postgresPort(),
                "SMTP", settings.smtpPort(), "mailbox", settings.mailboxPort());
        ports.forEach((name, port) -> {
            try (ServerSocket socket = new ServerSocket()) {
                socket.bind(new InetSocketAddress("127.0.0.1", port));
            } catch (IOException e) {
                throw new IllegalStateException(name + " port " + port + " is in use (another local run?)");
            }
        });
    }

    private synchronized boolean isStopping() {
        return stopping;
    }

    /** Remembers a started service for {@link #stopAll}; closes it at once if stopping has begun. */
    private synchronized void track(AutoCloseable service) throws Exception {
        if (stopping) {
            service.close();
            throw new IllegalStateException("stopped while starting");
        }
        started.push(service);
    }

    /** Stops what was started, newest first: the application, the mailbox, SMTP, Kafka, PostgreSQL. */
    private synchronized void stopAll() {
        stopping = true;
        if (started.isEmpty()) {
            return;
        }
        System.err.println("[local] stopping");
        // a broker failing while it stops must not halt this JVM before PostgreSQL is stopped
        Exit.setHaltProcedure((code, message) -> { });
        Exit.setExitProcedure((code, message) -> { });
        while (!started.isEmpty()) {
            AutoCloseable next = started.pop();
            try {
                next.close();
            } catch (Exception e) {
                System.err.println("[local] while stopping: " + e);
            }
        }
        LeftoverProcesses.forget(settings);
        System.err.println("[local] stopped");
    }

    private static void log(String format, long startNanos) {
        System.out.printf("[local] " + format + "%n", (System.nanoTime() - startNanos) / 1_000_000);
    }

    private static void deleteRecursively(Path directory) throws IOException {
        if (!Files.exists(directory)) {
            return;
        }
        try (var paths = Files.walk(directory)) {
            for (Path p : paths.sorted(java.util.Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        }
    }
}
