package io.countersign.notifier;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.ConsumerGroupDescription;
import org.apache.kafka.clients.admin.MemberDescription;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.common.utils.Utils;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;

import io.countersign.event.NotificationEvent;
import io.countersign.event.NotificationType;
import io.countersign.testing.Infra;
import io.countersign.testing.Mailbox;
import io.countersign.testing.PackagedJar;
import io.countersign.testing.TestEvents;

/**
 * Scale-out of the notifier role as on Kubernetes: two processes of the packaged application
 * ({@code target/quarkus-app/quarkus-run.jar}, {@code QUARKUS_PROFILE=notifier}, configured only through
 * environment variables like the Deployment) join one consumer group on a topic of {@value #PARTITIONS}
 * partitions, two consumers each (one partition per consumer). Every event must be processed exactly once (one e-mail each, no duplicate caught by the
 * idempotency record, every offset committed) and both processes must get partitions and records.
 *
 * <p>On the way it checks two more deployment claims: both processes start at the same moment on an empty
 * database, so their Flyway migrations race and the PostgreSQL lock must serialise them; and they run from a
 * copy of the application made read-only, with empty working and home directories that must stay empty, so
 * that {@code java.io.tmpdir} (the pod's {@code /tmp} emptyDir) is the only place written.
 */
class NotifierScaleOutIT {

    static final int PARTITIONS = 4;
    /** Two processes with two consumers each (NOTIFIER_CONCURRENCY=2): one partition per member. */
    static final int MEMBERS = 4;
    static final int EVENTS_PER_PARTITION = 10;
    static final int EVENTS = PARTITIONS * EVENTS_PER_PARTITION;
    static final Duration START = Duration.ofMinutes(4);

    private final String run = UUID.randomUUID().toString().replace("-", "").substring(0, 10);
    private final String topic = "countersign.notifications.scale-" + run;
    private final String deadLetterTopic = topic + ".dlq";
    private final String group = "countersign-notifier-scale-" + run;
    private final String database = "countersign_scale_" + run;
    private final Path base = Path.of("target", "scale-out-" + run).toAbsolutePath();
    private final List<Notifier> notifiers = new ArrayList<>();
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    record Notifier(PackagedJar jar, Path workingDirectory, Path home, Path tmp) {
        String name() {
            return jar.name();
        }
    }

    @Test
    void twoNotifiersInOneGroupShareThePartitionsAndProcessEveryEventExactlyOnce() throws Exception {
        Path packaged = Path.of("target/quarkus-app");
        assertTrue(Files.isRegularFile(packaged.resolve("quarkus-run.jar")), "run after `package`: no " + packaged);
        Infra.Postgres postgres = Infra.postgres();
        createDatabase(postgres);
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, Infra.kafka().bootstrapServers()))) {
            admin.createTopics(List.of(new NewTopic(topic, PARTITIONS, (short) 1), new NewTopic(deadLetterTopic, 1, (short) 1)))
                    .all().get(30, TimeUnit.SECONDS);

            Path app = readOnlyCopy(packaged, base.resolve("app"));
            Map<String, Long> appBefore = listing(app);
            Map<String, String> environment = environment();
            // both at once, on an empty database: their migrations at start race
            notifiers.add(start("notifier-1", app, environment));
            notifiers.add(start("notifier-2", app, environment));
            for (Notifier notifier : notifiers) {
                notifier.jar().awaitReady(START);
            }
            assertMigratedOnce(postgres);

            // the group settles with both members before anything is published, so no record is redelivered by
            // a rebalance and "exactly once" below means exactly once, not "once after de-duplication"
            Awaitility.await().atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofMillis(500))
                    .until(() -> {
                        // a member that has joined may hold nothing until the rebalance completes: wait for that too
                        Map<String, Set<Integer>> now = assignment(admin);
                        return now.size() == MEMBERS && now.values().stream().mapToInt(Set::size).sum() == PARTITIONS
                                && now.values().stream().allMatch(partitions -> !partitions.isEmpty());
                    });
            Map<String, Set<Integer>> assignment = assignment(admin);
            System.out.println("[scale-out] partitions per member: " + assignment);
            assignment.values().forEach(partitions -> assertTrue(partitions.size() >= 1, "a member without partitions: " + assignment));

            Map<Integer, List<String>> sentTo = publish();
            assertEquals(PARTITIONS, sentTo.size(), "events on every partition: " + sentTo.keySet());
            List<String> addresses = sentTo.values().stream().flatMap(List::stream).toList();

            Awaitility.await().atMost(Duration.ofMinutes(2)).pollInterval(Duration.ofMillis(500))
                    .until(() -> addresses.stream().allMatch(a -> !Mailbox.to(a).isEmpty()));
            Thread.sleep(3_000); // a late duplicate would arrive now
            for (String address : addresses) {
                assertEquals(1, Mailbox.to(address).size(), "exactly one e-mail to " + address);
            }

            Map<String, Double> sent = new LinkedHashMap<>();
            for (Notifier notifier : notifiers) {
                String metrics = get(notifier, "/q/metrics");
                sent.put(notifier.name(), sum(metrics, "countersign_notifications_sent_total"));
                assertEquals(0.0, sum(metrics, "countersign_notifications_duplicates_total"), notifier.name() + " saw a duplicate");
                assertEquals(0.0, sum(metrics, "countersign_notifications_dead_lettered_total"), notifier.name() + " dead-lettered");
                assertEquals(0.0, sum(metrics, "countersign_notifications_failed_total"), notifier.name() + " failed a delivery: "
                        + failures(notifier));
            }
            System.out.println("[scale-out] e-mails sent per process: " + sent);
            assertEquals(EVENTS, sent.values().stream().mapToDouble(Double::doubleValue).sum(), "sent in total: " + sent);
            sent.forEach((name, count) -> assertTrue(count > 0, name + " processed no record: " + sent));

            assertEquals(EVENTS, processedEvents(postgres), "rows in processed_events");
            Awaitility.await().atMost(Duration.ofSeconds(30)).until(() -> committed(admin) == EVENTS);

            // nothing written outside java.io.tmpdir
            assertEquals(appBefore, listing(app), "the application directory changed");
            for (Notifier notifier : notifiers) {
                assertEquals(Map.of(), listing(notifier.workingDirectory()), notifier.name() + " wrote to its working directory");
                assertEquals(Map.of(), listing(notifier.home()), notifier.name() + " wrote to its home directory");
                System.out.println("[scale-out] " + notifier.name() + " wrote under java.io.tmpdir: "
                        + listing(notifier.tmp()).keySet());
            }
            admin.deleteTopics(List.of(topic, deadLetterTopic));
        }
    }

    /** The notifier's own account of its failed attempts (its WARN lines), for the assertion message. */
    private List<String> failures(Notifier notifier) {
        try (Stream<String> lines = Files.lines(base.resolve(notifier.name() + ".log"))) {
            return lines.filter(line -> line.contains(" failed (")).limit(10).toList();
        } catch (IOException | UncheckedIOException e) {
            return List.of("(log unreadable: " + e + ")");
        }
    }

    @AfterEach
    void stop() throws Exception {
        PackagedJar.stopAll(notifiers.stream().map(Notifier::jar).toList());
        // the processes' logs outlive the run (the run's directory is removed below)
        for (Notifier notifier : notifiers) {
            Path log = base.resolve(notifier.name() + ".log");
            if (Files.isRegularFile(log)) {
                Path kept = Path.of("target", "scale-out-logs", run, notifier.name() + ".log");
                Files.createDirectories(kept.getParent());
                Files.copy(log, kept, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
            }
        }
        Infra.Postgres postgres = Infra.postgres();
        try (Connection c = DriverManager.getConnection(adminUrl(postgres), postgres.user(), postgres.password());
                Statement s = c.createStatement()) {
            s.execute("drop database if exists " + database + " with (force)");
        }
        if (Files.isDirectory(base)) {
            try (Stream<Path> files = Files.walk(base)) {
                files.forEach(file -> file.toFile().setWritable(true, true));
            }
            try (Stream<Path> files = Files.walk(base)) {
                for (Path file : files.sorted(Comparator.reverseOrder()).toList()) {
                    Files.deleteIfExists(file);
                }
            }
        }
    }

    // --- the processes ---------------------------------------------------------------------------------------

    private Map<String, String> environment() {
        Map<String, String> env = PackagedJar.environment(database);
        env.put("QUARKUS_PROFILE", "notifier");
        env.put("NOTIFICATIONS_TOPIC", topic);
        env.put("NOTIFICATIONS_DLQ_TOPIC", deadLetterTopic);
        env.put("NOTIFIER_GROUP_ID", group);
        // two consumers per process (the default is 3): 2 processes x 2 = the topic's 4 partitions, one each
        env.put("NOTIFIER_CONCURRENCY", "2");
        return env;
    }

    private Notifier start(String name, Path app, Map<String, String> environment) throws IOException {
        Path workingDirectory = Files.createDirectories(base.resolve(name + "/work"));
        Path home = Files.createDirectories(base.resolve(name + "/home"));
        Path tmp = Files.createDirectories(base.resolve(name + "/tmp"));
        PackagedJar.Launch launch = PackagedJar.launch(name).jar(app.resolve("quarkus-run.jar"))
                .jvmOptions("-Djava.io.tmpdir=" + tmp, "-Duser.home=" + home).directory(workingDirectory)
                .environment(environment).environment("HOME", home.toString()).log(base.resolve(name + ".log"));
        // the working directory is made read-only after the log file is placed outside it
        workingDirectory.toFile().setWritable(false, false);
        home.toFile().setWritable(false, false);
        return new Notifier(launch.start(), workingDirectory, home, tmp);
    }

    private String get(Notifier notifier, String path) throws Exception {
        HttpResponse<String> response = http.send(request(notifier, path), HttpResponse.BodyHandlers.ofString());
        assertEquals(200, response.statusCode(), path + " of " + notifier.name());
        return response.body();
    }

    private static HttpRequest request(Notifier notifier, String path) {
        return HttpRequest.newBuilder(URI.create(notifier.jar().url() + path))
                .timeout(Duration.ofSeconds(5)).build();
    }

    // --- Kafka -----------------------------------------------------------------------------------------------

    /**
     * {@value #EVENTS_PER_PARTITION} events per partition: user ids (the record key) are drawn until each
     * partition of the default partitioner (murmur2 of the key) has its share. Returns the addresses by the
     * partition the broker reported.
     */
    private Map<Integer, List<String>> publish() throws Exception {
        ObjectMapper json = new ObjectMapper().findAndRegisterModules().disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS);
        Map<Integer, Integer> planned = new HashMap<>();
        Map<Integer, List<String>> sentTo = new TreeMap<>();
        Properties props = new Properties();
        props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, Infra.kafka().bootstrapServers());
        props.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
        props.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
        props.put(ProducerConfig.ACKS_CONFIG, "all");
        try (KafkaProducer<String, String> producer = new KafkaProducer<>(props)) {
            while (planned.values().stream().mapToInt(Integer::intValue).sum() < EVENTS) {
                String userId = UUID.randomUUID().toString();
                int partition = Utils.toPositive(Utils.murmur2(userId.getBytes(StandardCharsets.UTF_8))) % PARTITIONS;
                if (planned.getOrDefault(partition, 0) >= EVENTS_PER_PARTITION) {
                    continue;
                }
                planned.merge(partition, 1, Integer::sum);
                String email = TestEvents.uniqueEmail();
                NotificationType type = NotificationType.PASSWORD_CHANGE;
                NotificationEvent event = new NotificationEvent(type.wireName(), userId,
                        TestEvents.emailRecipient(email, "en"), null, null, Map.of(), Map.of());
                ProducerRecord<String, String> record = new ProducerRecord<>(topic, userId, json.writeValueAsString(event));
                Map.of("ce_specversion", "1.0", "ce_id", UUID.randomUUID().toString(), "ce_type", type.cloudEventType(),
                        "ce_source", "/countersign", "ce_subject", userId, "content-type", "application/json")
                        .forEach((k, v) -> record.headers().add(k, v.getBytes(StandardCharsets.UTF_8)));
                RecordMetadata metadata = producer.send(record).get(30, TimeUnit.SECONDS);
                sentTo.computeIfAbsent(metadata.partition(), p -> new ArrayList<>()).add(email);
            }
        }
        return sentTo;
    }

    /** Partitions of the topic per member of the group. */
    private Map<String, Set<Integer>> assignment(Admin admin) throws Exception {
        ConsumerGroupDescription description = admin.describeConsumerGroups(List.of(group)).all()
                .get(10, TimeUnit.SECONDS).get(group);
        Map<String, Set<Integer>> byMember = new TreeMap<>();
        for (MemberDescription member : description.members()) {
            Set<Integer> partitions = new TreeSet<>();
            member.assignment().topicPartitions().stream().filter(tp -> tp.topic().equals(topic))
                    .forEach(tp -> partitions.add(tp.partition()));
            byMember.put(member.host() + " " + member.consumerId(), partitions);
        }
        return byMember;
    }

    /** The group's committed offsets over the topic, which equal the records consumed once all are committed. */
    private long committed(Admin admin) throws Exception {
        Map<TopicPartition, OffsetAndMetadata> offsets = admin.listConsumerGroupOffsets(group)
                .partitionsToOffsetAndMetadata().get(10, TimeUnit.SECONDS);
        Map<TopicPartition, OffsetSpec> latest = new HashMap<>();
        for (int p = 0; p < PARTITIONS; p++) {
            latest.put(new TopicPartition(topic, p), OffsetSpec.latest());
        }
        long end = admin.listOffsets(latest).all().get(10, TimeUnit.SECONDS).values().stream()
                .mapToLong(info -> info.offset()).sum();
        assertEquals(EVENTS, end, "records on the topic");
        return offsets.entrySet().stream().filter(e -> e.getKey().topic().equals(topic) && e.getValue() != null)
                .mapToLong(e -> e.getValue().offset()).sum();
    }

    // --- PostgreSQL --------------------------------------------------------------------------------------------

    private void createDatabase(Infra.Postgres postgres) throws Exception {
        try (Connection c = DriverManager.getConnection(adminUrl(postgres), postgres.user(), postgres.password());
                Statement s = c.createStatement()) {
            s.execute("create database " + database);
        }
    }

    private static String adminUrl(Infra.Postgres postgres) {
        return "jdbc:postgresql://" + postgres.host() + ":" + postgres.port() + "/postgres";
    }

    private Connection connect(Infra.Postgres postgres) throws Exception {
        return DriverManager.getConnection("jdbc:postgresql://" + postgres.host() + ":" + postgres.port() + "/" + database,
                postgres.user(), postgres.password());
    }

    /** Every migration applied once and successfully, although two processes ran Flyway at the same time. */
    private void assertMigratedOnce(Infra.Postgres postgres) throws Exception {
        try (Connection c = connect(postgres); Statement s = c.createStatement();
                ResultSet rs = s.executeQuery("select version, count(*), bool_and(success) from flyway_schema_history "
                        + "where version is not null group by version order by version")) {
            int versions = 0;
            while (rs.next()) {
                versions++;
                assertEquals(1, rs.getInt(2), "migration " + rs.getString(1) + " recorded more than once");
                assertTrue(rs.getBoolean(3), "migration " + rs.getString(1) + " failed");
            }
            assertTrue(versions > 0, "no migration ran");
            System.out.println("[scale-out] " + versions + " migrations applied once by two concurrently starting processes");
        }
    }

    private long processedEvents(Infra.Postgres postgres) throws Exception {
        try (Connection c = connect(postgres); Statement s = c.createStatement();
                ResultSet rs = s.executeQuery("select count(*) from processed_events where outcome = 'sent:email'")) {
            rs.next();
            return rs.getLong(1);
        }
    }

    // --- files -------------------------------------------------------------------------------------------------

    /** A copy of the packaged application with every file and directory made read-only. */
    private static Path readOnlyCopy(Path from, Path to) throws IOException {
        try (Stream<Path> files = Files.walk(from)) {
            for (Path source : files.toList()) {
                Path target = to.resolve(from.relativize(source).toString());
                if (Files.isDirectory(source)) {
                    Files.createDirectories(target);
                } else {
                    Files.copy(source, target);
                }
            }
        }
        try (Stream<Path> files = Files.walk(to)) {
            files.forEach(file -> file.toFile().setWritable(false, false));
        }
        return to;
    }

    /** Relative path → size of every file under a directory. */
    private static Map<String, Long> listing(Path directory) throws IOException {
        Map<String, Long> files = new TreeMap<>();
        try (Stream<Path> walk = Files.walk(directory)) {
            for (Path file : walk.filter(f -> !f.equals(directory)).toList()) {
                files.put(directory.relativize(file).toString(), Files.isDirectory(file) ? -1L : Files.size(file));
            }
        }
        return files;
    }

    private static double sum(String prometheus, String metric) {
        return prometheus.lines().filter(l -> l.startsWith(metric + "{") || l.startsWith(metric + " "))
                .mapToDouble(l -> Double.parseDouble(l.substring(l.lastIndexOf(' ') + 1))).sum();
    }
}
