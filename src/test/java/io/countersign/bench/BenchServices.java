package io.countersign.bench;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.logging.Level;
import java.util.logging.Logger;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.test.KafkaClusterTestKit;
import org.apache.kafka.common.utils.Exit;

import io.countersign.testing.Infra;

/**
 * The services the benchmark needs besides PostgreSQL, in one JVM that {@code bench/run.sh} starts and stops:
 * a real Kafka broker (Kafka's own test kit, as in the tests and the local run) and an SMTP sink that logs the
 * time each message is accepted ({@link SmtpSink}). When both are up it writes the broker's bootstrap address
 * to {@code <state>/kafka.bootstrap}. SIGTERM stops both.
 *
 * <p>Usage: {@code BenchServices <state directory> <smtp port>}
 */
public final class BenchServices {

    private static final Logger ROOT_LOGGER = Logger.getLogger("");

    private BenchServices() {
    }

    public static void main(String[] args) throws Exception {
        ROOT_LOGGER.setLevel(Level.WARNING);
        Path state = Path.of(args[0]).toAbsolutePath();
        int smtpPort = Integer.parseInt(args[1]);
        Path kafkaDir = state.resolve("kafka");
        deleteRecursively(kafkaDir);
        Files.createDirectories(kafkaDir);

        SmtpSink smtp = new SmtpSink(smtpPort, state.resolve("smtp-receipts.tsv"));
        KafkaClusterTestKit kafka = Infra.startKafka(kafkaDir);
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            Exit.setHaltProcedure((code, message) -> { });
            Exit.setExitProcedure((code, message) -> { });
            try {
                smtp.close();
                kafka.close();
            } catch (Exception e) {
                System.err.println("[bench-services] while stopping: " + e);
            }
            stopped.countDown();
        }, "bench-services-stop"));

        // the topics as k8s/base creates them (6 and 3 partitions), before the application starts
        int partitions = Integer.parseInt(args.length > 2 ? args[2] : "6");
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers()))) {
            admin.createTopics(List.of(new NewTopic("countersign.notifications", partitions, (short) 1),
                    new NewTopic("countersign.notifications.dlq", 3, (short) 1))).all().get(60, TimeUnit.SECONDS);
        }

        Path tmp = state.resolve("kafka.bootstrap.tmp");
        Files.writeString(tmp, kafka.bootstrapServers(), StandardCharsets.UTF_8);
        Files.move(tmp, state.resolve("kafka.bootstrap"), StandardCopyOption.ATOMIC_MOVE);
        System.out.println("[bench-services] Kafka " + kafka.bootstrapServers() + ", SMTP sink 127.0.0.1:" + smtp.port());
        stopped.await();
    }

    private static void deleteRecursively(Path directory) throws Exception {
        if (!Files.exists(directory)) {
            return;
        }
        try (var paths = Files.walk(directory)) {
            for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        }
    }
}
