package io.countersign.testing;

import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;

import org.apache.kafka.common.test.KafkaClusterTestKit;
import org.apache.kafka.common.test.TestKitNodes;
import org.apache.kafka.common.utils.Exit;

import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetup;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;

/**
 * The real services the tests and the local run talk to: PostgreSQL, a Kafka broker and an SMTP server.
 * Each is started once per JVM, on first use, and stopped when the JVM exits.
 *
 * <p>PostgreSQL: {@code -Dcountersign.test.postgres=auto} (default) uses the server on 127.0.0.1:5432 when
 * one answers there (a fresh database is created for the run and dropped afterwards) and starts an embedded
 * PostgreSQL otherwise; {@code external} insists on the server, {@code embedded} forces the embedded one, on a
 * free port of its own, without ever connecting to the external server. The external server is set with
 * {@code countersign.test.postgres.host}, {@code .port} and {@code .user} (read through {@link TestSwitches}).
 * The choice is printed once per JVM ({@code [infra] PostgreSQL for the tests ...}).
 */
public final class Infra {

    private static Postgres postgres;
    private static KafkaClusterTestKit kafka;
    private static GreenMail mail;

    private Infra() {
    }

    /** Connection facts of a running PostgreSQL database. */
    public record Postgres(String host, int port, String database, String user, String password, String kind) {

        public String jdbcUrl() {
            return "jdbc:postgresql://" + host + ":" + port + "/" + database;
        }

        public String reactiveUrl() {
            return "postgresql://" + host + ":" + port + "/" + database;
        }

        public Map<String, String> quarkusConfig() {
            return Map.of(
                    "quarkus.datasource.reactive.url", reactiveUrl(),
                    "quarkus.datasource.jdbc.url", jdbcUrl(),
                    "quarkus.datasource.username", user,
                    "quarkus.datasource.password", password);
        }

        public Connection connect() throws SQLException {
            return DriverManager.getConnection(jdbcUrl(), user, password);
        }
    }

    public static synchronized Postgres postgres() {
        if (postgres == null) {
            postgres = startPostgres();
        }
        return postgres;
    }

    public static synchronized KafkaClusterTestKit kafka() {
        if (kafka == null) {
            kafka = startKafka(null);
            KafkaClusterTestKit started = kafka;
            Runtime.getRuntime().addShutdownHook(new Thread(() -> {
                // The JVM is exiting anyway. A broker that fails while stopping (a slow shutdown racing the
                // removal of its log directory) would otherwise halt the JVM with code 1, which Surefire
                // reports as a crashed fork although every test passed.
                Exit.setHaltProcedure((code, message) -> { });
                Exit.setExitProcedure((code, message) -> { });
                closeQuietly(started);
            }));
        }
        return kafka;
    }

    public static synchronized GreenMail mail() {
        if (mail == null) {
            mail = startMail(0);
            GreenMail started = mail;
            Runtime.getRuntime().addShutdownHook(new Thread(started::stop));
        }
        return mail;
    }

    /** Stops the SMTP server, for an outage; {@link #restartMail} brings up a fresh one on the same port. */
    public static synchronized void stopMail() {
        mail().stop();
    }

    public static synchronized void restartMail(int port) {
        mail = startMail(port);
        GreenMail started = mail;
        Runtime.getRuntime().addShutdownHook(new Thread(started::stop));
    }

    /** All three services as Quarkus configuration. */
    public static Map<String, String> quarkusConfig() {
        var config = new java.util.HashMap<>(postgres().quarkusConfig());
        config.put("kafka.bootstrap.servers", kafka().bootstrapServers());
        config.put("quarkus.mailer.host", "127.0.0.1");
        config.put("quarkus.mailer.port", String.valueOf(mail().getSmtp().getPort()));
        config.put("quarkus.mailer.start-tls", "DISABLED");
        config.put("quarkus.mailer.tls", "false");
        config.put("quarkus.mailer.login", "DISABLED");
        return config;
    }

    private static Postgres startPostgres() {
        String mode = TestSwitches.get("postgres", "auto").toLowerCase(Locale.ROOT);
        String host = TestSwitches.get("postgres.host", "127.0.0.1");
        int port = TestSwitches.port("postgres.port", 5432);
        String user = TestSwitches.get("postgres.user", "postgres");
        Postgres started = switch (mode) {
            case "external" -> createDatabase(host, port, user);
            // never probes host:port: the embedded server gets a free port of its own
            case "embedded" -> startEmbeddedPostgres(null, 0);
            case "auto" -> answers(host, port) ? createDatabase(host, port, user) : startEmbeddedPostgres(null, 0);
            default -> throw new IllegalArgumentException("-Dcountersign.test.postgres=" + mode
                    + " is not a mode: use auto, external or embedded");
        };
        System.out.printf("[infra] PostgreSQL for the tests (-Dcountersign.test.postgres=%s): %s, database %s on %s:%d%n",
                mode, started.kind(), started.database(), started.host(), started.port());
        return started;
    }

    private static Postgres createDatabase(String host, int port, String user) {
        String database = "countersign_test_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
        String adminUrl = "jdbc:postgresql://" + host + ":" + port + "/postgres";
        try (Connection c = DriverManager.getConnection(adminUrl, user, "");
                Statement s = c.createStatement()) {
            s.execute("create database " + database);
        } catch (SQLException e) {
            throw new IllegalStateException("cannot create a test database on the PostgreSQL at " + host + ":" + port
                    + " as " + user + " (" + e.getMessage() + "); point the tests at another server with "
                    + "-Dcountersign.test.postgres.host, .port and .user, or use -Dcountersign.test.postgres=embedded", e);
        }
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            try (Connection c = DriverManager.getConnection(adminUrl, user, "");
                    Statement s = c.createStatement()) {
                s.execute("drop database if exists " + database + " with (force)");
            } catch (SQLException ignored) {
                // the server may already be gone; a leftover test database is harmless
            }
        }));
        return new Postgres(host, port, database, user, "", "external " + host + ":" + port);
    }

    /**
     * Starts an embedded PostgreSQL. With a data directory the data is kept between starts (local run);
     * without one it lives in a temporary directory (tests). It stops when the JVM exits.
     */
    public static Postgres startEmbeddedPostgres(Path dataDirectory, int port) {
        EmbeddedPostgres pg = openEmbeddedPostgres(dataDirectory, port, true);
        return describe(pg);
    }

    /**
     * Starts an embedded PostgreSQL with a {@code countersign} database. With {@code stopWithJvm} false the
     * caller closes it, which lets a launcher stop the services in order.
     */
    public static EmbeddedPostgres openEmbeddedPostgres(Path dataDirectory, int port, boolean stopWithJvm) {
        try {
            EmbeddedPostgres.Builder builder = EmbeddedPostgres.builder().setRegisterShutdownHook(stopWithJvm);
            if (dataDirectory != null) {
                Files.createDirectories(dataDirectory);
                builder.setDataDirectory(dataDirectory).setCleanDataDirectory(false)
                        // the defaults trade durability for speed; kept data deserves the safe settings
                        .setServerConfig("synchronous_commit", "on")
                        .setServerConfig("fsync", "on");
            }
            if (port > 0) {
                builder.setPort(port);
            }
            EmbeddedPostgres pg = builder.start();
            try (Connection c = pg.getPostgresDatabase().getConnection();
                    Statement s = c.createStatement()) {
                var rs = s.executeQuery("select 1 from pg_database where datname = 'countersign'");
                if (!rs.next()) {
                    s.execute("create database countersign");
                }
            } catch (SQLException e) {
                closeQuietly(pg);
                throw e;
            }
            return pg;
        } catch (IOException | SQLException e) {
            throw new IllegalStateException("cannot start embedded PostgreSQL", e);
        }
    }

    /** Connection facts of an embedded PostgreSQL started by {@link #openEmbeddedPostgres}. */
    public static Postgres describe(EmbeddedPostgres pg) {
        return new Postgres("127.0.0.1", pg.getPort(), "countersign", "postgres", "", "embedded");
    }

    /** A single combined KRaft broker+controller. */
    public static KafkaClusterTestKit startKafka(Path baseDirectory) {
        try {
            TestKitNodes.Builder nodes = new TestKitNodes.Builder()
                    .setCombined(true)
                    .setNumBrokerNodes(1)
                    .setNumControllerNodes(1);
            if (baseDirectory != null) {
                nodes.setBaseDirectory(baseDirectory);
            }
            KafkaClusterTestKit cluster = new KafkaClusterTestKit.Builder(nodes.build())
                    .setConfigProp("offsets.topic.replication.factor", "1")
                    .setConfigProp("offsets.topic.num.partitions", "1")
                    .setConfigProp("transaction.state.log.replication.factor", "1")
                    .setConfigProp("transaction.state.log.min.isr", "1")
                    .setConfigProp("group.initial.rebalance.delay.ms", "0")
                    .setConfigProp("num.partitions", "3")
                    .setConfigProp("auto.create.topics.enable", "true")
                    .build();
            formatQuietly(cluster);
            cluster.startup();
            cluster.waitForReadyBrokers();
            return cluster;
        } catch (Exception e) {
            throw new IllegalStateException("cannot start the Kafka broker", e);
        }
    }

    /** Kafka's storage formatter prints its bootstrap metadata to System.out; that is noise here. */
    private static void formatQuietly(KafkaClusterTestKit cluster) throws Exception {
        synchronized (System.class) {
            PrintStream out = System.out;
            System.setOut(new PrintStream(OutputStream.nullOutputStream()));
            try {
                cluster.format();
            } finally {
                System.setOut(out);
            }
        }
    }

    public static GreenMail startMail(int port) {
        GreenMail greenMail = new GreenMail(new ServerSetup(port, "127.0.0.1", ServerSetup.PROTOCOL_SMTP));
        greenMail.start();
        return greenMail;
    }

    private static boolean answers(String host, int port) {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress(host, port), 500);
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    private static void closeQuietly(AutoCloseable closeable) {
        try {
            closeable.close();
        } catch (Exception ignored) {
            // shutting down
        }
    }
}
