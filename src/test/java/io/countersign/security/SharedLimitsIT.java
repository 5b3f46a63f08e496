package io.countersign.security;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import io.countersign.testing.Infra;
import io.countersign.testing.RequiredVariables;
import io.quarkus.elytron.security.common.BcryptUtil;

/**
 * Two processes of the packaged application in the api role, with the production rate limits and lockout,
 * sharing one database: a client that alternates between them meets one login lockout and one rate-limit
 * counter, as behind a load balancer.
 */
class SharedLimitsIT {

    private static final Duration START = Duration.ofMinutes(4);
    private static final String PASSWORD = "violet tractor umbrella 47";

    record Instance(String name, Process process, int port, Path log) {
    }

    private final String run = UUID.randomUUID().toString().replace("-", "").substring(0, 10);
    private final String database = "countersign_limits_" + run;
    private final Path base = Path.of("target", "shared-limits-" + run).toAbsolutePath();
    private final List<Instance> instances = new ArrayList<>();
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    @Test
    void twoInstancesShareTheLoginLockoutAndTheRateLimits() throws Exception {
        Path app = Path.of("target/quarkus-app/quarkus-run.jar");
        assertTrue(Files.isRegularFile(app), "run after `package`: no " + app);
        Infra.Postgres postgres = Infra.postgres();
        execute(adminUrl(postgres), "create database " + database);
        Map<String, String> environment = environment(postgres);
        Instance a = start("api-a", app, environment);
        Instance b = start("api-b", app, environment);
        awaitReady(a);
        awaitReady(b);

        String email = "limits-" + run + "@example.com";
        execute(url(postgres), "insert into users (id, email, password_hash, is_verified) values ('" + UUID.randomUUID()
                + "', '" + email + "', '" + BcryptUtil.bcryptHash(PASSWORD, 10) + "', true)");

        // lockout: 5 consecutive failures (production default), alternating instances, lock the account everywhere
        assertEquals(201, login(a, email, PASSWORD).statusCode(), "the right password works on a");
        assertEquals(201, login(b, email, PASSWORD).statusCode(), "the right password works on b");
        for (int i = 0; i < 5; i++) {
            Instance instance = i % 2 == 0 ? a : b;
            assertEquals(401, login(instance, email, "wrong " + i).statusCode(), "failure " + (i + 1) + " on " + instance.name());
        }
        assertEquals(5, failedLogins(postgres, email), "failures counted once, in the shared row");
        assertEquals(401, login(b, email, PASSWORD).statusCode(), "locked on b although b saw only 2 of the 5 failures");
        assertEquals(401, login(a, email, PASSWORD).statusCode(), "locked on a as well");

        // rate limit: forgot-password allows 5 requests per account and hour (production default), counted once
        // for both instances
        String target = "ghost-" + run + "@example.com";
        for (int i = 0; i < 5; i++) {
            Instance instance = i % 2 == 0 ? a : b;
            assertEquals(202, post(instance, "/password/forgot", "{\"email\":\"" + target + "\"}").statusCode(),
                    "request " + (i + 1) + " on " + instance.name());
        }
        for (Instance instance : List.of(b, a)) {
            HttpResponse<String> limited = post(instance, "/password/forgot", "{\"email\":\"" + target + "\"}");
            assertEquals(429, limited.statusCode(), "the 6th request is over the shared limit on " + instance.name());
            String retryAfter = limited.headers().firstValue("Retry-After").orElse(null);
            assertNotNull(retryAfter, "Retry-After on " + instance.name());
            assertTrue(Long.parseLong(retryAfter) > 0 && Long.parseLong(retryAfter) <= 3600, "Retry-After " + retryAfter);
            assertTrue(limited.body().contains("\"code\":\"rate_limited\""), limited.body());
        }
        System.out.println("[shared-limits] lockout after 5 failures split 3/2 across two processes; forgot limit 5 of 7 "
                + "requests admitted across both");
    }

    @AfterEach
    void stop() throws Exception {
        for (Instance instance : instances) {
            instance.process().destroy();
        }
        for (Instance instance : instances) {
            if (!instance.process().waitFor(30, TimeUnit.SECONDS)) {
                instance.process().destroyForcibly().waitFor(5, TimeUnit.SECONDS);
            }
        }
        execute(adminUrl(Infra.postgres()), "drop database if exists " + database + " with (force)");
    }

    private Map<String, String> environment(Infra.Postgres postgres) {
        Map<String, String> env = new HashMap<>();
        env.put("QUARKUS_PROFILE", "api");
        env.put("DB_HOST", postgres.host());
        env.put("DB_PORT", String.valueOf(postgres.port()));
        env.put("DB_NAME", database);
        env.put("DB_USER", postgres.user());
        env.put("DB_PASSWORD", postgres.password());
        env.put("KAFKA_BOOTSTRAP_SERVERS", Infra.kafka().bootstrapServers());
        env.put("NOTIFICATIONS_TOPIC", "countersign.notifications.limits-" + run);
        for (String secret : RequiredVariables.in(Path.of("target/classes/application.properties"))) {
            env.put(secret, RequiredVariables.randomKey());
        }
        return env;
    }

    private Instance start(String name, Path app, Map<String, String> environment) throws IOException {
        Files.createDirectories(base);
        Path log = base.resolve(name + ".log");
        int port = freePort();
        ProcessBuilder builder = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx256m", "-jar", app.toAbsolutePath().toString())
                .directory(base.toFile()).redirectErrorStream(true).redirectOutput(log.toFile());
        builder.environment().putAll(environment);
        builder.environment().put("PORT", String.valueOf(port));
        Instance instance = new Instance(name, builder.start(), port, log);
        instances.add(instance);
        return instance;
    }

    private void awaitReady(Instance instance) throws Exception {
        long deadline = System.nanoTime() + START.toNanos();
        while (System.nanoTime() < deadline) {
            if (!instance.process().isAlive()) {
                throw new AssertionError(instance.name() + " exited with " + instance.process().exitValue() + ":\n" + tail(instance));
            }
            try {
                if (http.send(HttpRequest.newBuilder(uri(instance, "/q/health/ready")).timeout(Duration.ofSeconds(5)).build(),
                        HttpResponse.BodyHandlers.ofString()).statusCode() == 200) {
                    return;
                }
            } catch (IOException notYet) {
                // not listening yet
            }
            Thread.sleep(500);
        }
        throw new AssertionError(instance.name() + " not ready after " + START + ":\n" + tail(instance));
    }

    private HttpResponse<String> login(Instance instance, String email, String password) throws Exception {
        return post(instance, "/authentication",
                "{\"strategy\":\"local\",\"email\":\"" + email + "\",\"password\":\"" + password + "\"}");
    }

    private HttpResponse<String> post(Instance instance, String path, String json) throws Exception {
        return http.send(HttpRequest.newBuilder(uri(instance, path)).timeout(Duration.ofSeconds(30))
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(json)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private static URI uri(Instance instance, String path) {
        return URI.create("http://127.0.0.1:" + instance.port() + path);
    }

    private int failedLogins(Infra.Postgres postgres, String email) throws Exception {
        try (Connection c = DriverManager.getConnection(url(postgres), postgres.user(), postgres.password());
                PreparedStatement ps = c.prepareStatement("select failed_logins from users where email = ?")) {
            ps.setString(1, email);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getInt(1);
            }
        }
    }

    private String url(Infra.Postgres postgres) {
        return "jdbc:postgresql://" + postgres.host() + ":" + postgres.port() + "/" + database;
    }

    private static String adminUrl(Infra.Postgres postgres) {
        return "jdbc:postgresql://" + postgres.host() + ":" + postgres.port() + "/postgres";
    }

    private static void execute(String url, String sql) throws Exception {
        Infra.Postgres postgres = Infra.postgres();
        try (Connection c = DriverManager.getConnection(url, postgres.user(), postgres.password()); Statement s = c.createStatement()) {
            s.execute(sql);
        }
    }

    private static String tail(Instance instance) throws IOException {
        List<String> lines = Files.readAllLines(instance.log(), StandardCharsets.UTF_8);
        return String.join("\n", lines.subList(Math.max(0, lines.size() - 40), lines.size()));
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
