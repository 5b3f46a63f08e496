package io.countersign.ops;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import io.countersign.testing.Infra;
import io.countersign.testing.RequiredVariables;

/**
 * Two instances of the packaged application ({@code quarkus-run.jar}, production profile) on two ports, sharing one
 * PostgreSQL (and Kafka and SMTP): the login rate limit per account and the account lockout are one state for both,
 * because both live in the database. Each instance is configured through environment variables, as in production,
 * with the same secrets and low limits.
 */
class TwoInstancesIT {

    private static final String PASSWORD = "violet tractor umbrella 47";
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private static final List<Process> PROCESSES = new ArrayList<>();
    private static String a;
    private static String b;

    @BeforeAll
    static void startTwoInstances() throws Exception {
        Map<String, String> env = environment();
        int portA = freePort();
        int portB = freePort();
        PROCESSES.add(start(env, portA, "a"));
        PROCESSES.add(start(env, portB, "b"));
        a = "http://127.0.0.1:" + portA;
        b = "http://127.0.0.1:" + portB;
        awaitReady(a);
        awaitReady(b);
    }

    @AfterAll
    static void stop() throws InterruptedException {
        for (Process p : PROCESSES) {
            p.destroy();
        }
        for (Process p : PROCESSES) {
            if (!p.waitFor(20, java.util.concurrent.TimeUnit.SECONDS)) {
                p.destroyForcibly();
            }
        }
    }

    /** Five logins for one account, alternating instances, are the limit; the sixth is refused by either. */
    @Test
    void theLoginLimitPerAccountIsSharedByBothInstances() throws Exception {
        String email = verifiedAccount();
        for (String instance : List.of(a, b, a, b, a)) {
            assertThat(login(instance, email, "a wrong password").statusCode()).isEqualTo(401);
        }
        HttpResponse<String> limited = login(b, email, "a wrong password");
        assertThat(limited.statusCode()).isEqualTo(429);
        assertThat(limited.body()).contains("\"name\":\"TooManyRequests\"");
        assertThat(limited.headers().firstValue("Retry-After")).isPresent();
        assertThat(login(a, email, PASSWORD).statusCode()).isEqualTo(429);
    }

    /**
     * Three failures spread over both instances lock the account on both: the right password is then refused too
     * (five logins in all, within the per-account limit).
     */
    @Test
    void theLockoutIsSharedByBothInstances() throws Exception {
        String email = verifiedAccount();
        assertThat(login(a, email, PASSWORD).statusCode()).isEqualTo(201);
        assertThat(login(a, email, "a wrong password").statusCode()).isEqualTo(401);
        assertThat(login(b, email, "a wrong password").statusCode()).isEqualTo(401);
        assertThat(login(a, email, "a wrong password").statusCode()).isEqualTo(401);
        assertThat(sql("select failed_logins || ':' || (locked_until > now()) from users where email = ?", email))
                .isEqualTo("3:true");
        assertThat(login(b, email, PASSWORD).statusCode()).isEqualTo(401);
    }

    /** Forgot-password allows 5 requests per account and hour (production default), counted once for both. */
    @Test
    void theForgotPasswordLimitPerAccountIsSharedByBothInstances() throws Exception {
        String target = "ghost-" + UUID.randomUUID() + "@example.com";
        for (int i = 0; i < 5; i++) {
            assertThat(post(i % 2 == 0 ? a : b, "/password/forgot", "{\"email\":\"" + target + "\"}").statusCode())
                    .as("request " + (i + 1)).isEqualTo(202);
        }
        for (String instance : List.of(b, a)) {
            HttpResponse<String> limited = post(instance, "/password/forgot", "{\"email\":\"" + target + "\"}");
            assertThat(limited.statusCode()).as(instance).isEqualTo(429);
            assertThat(limited.body()).contains("\"code\":\"rate_limited\"");
            assertThat(Long.parseLong(limited.headers().firstValue("Retry-After").orElseThrow())).isBetween(1L, 3600L);
        }
    }

    // ------------------------------------------------------------------ helpers

    private static Map<String, String> environment() {
        Infra.Postgres db = Infra.postgres();
        Map<String, String> env = new HashMap<>();
        env.put("DB_HOST", db.host());
        env.put("DB_PORT", String.valueOf(db.port()));
        env.put("DB_NAME", db.database());
        env.put("DB_USER", db.user());
        env.put("DB_PASSWORD", db.password() == null ? "" : db.password());
        env.put("KAFKA_BOOTSTRAP_SERVERS", Infra.kafka().bootstrapServers());
        env.put("SMTP_HOST", "127.0.0.1");
        env.put("SMTP_PORT", String.valueOf(Infra.mail().getSmtp().getPort()));
        env.put("SMTP_START_TLS", "DISABLED");
        env.put("SMTP_LOGIN", "DISABLED");
        // one set of secrets for both instances, as one Secret serves every replica
        for (String name : RequiredVariables.in(Path.of("target/classes/application.properties"))) {
            env.put(name, RequiredVariables.randomKey());
        }
        env.put("COUNTERSIGN_RATE_LIMITS_LOGIN_PER_ACCOUNT", "5");
        env.put("COUNTERSIGN_RATE_LIMITS_LOGIN_PER_IP", "1000");
        env.put("COUNTERSIGN_LOGIN_LOCK_AFTER_FAILURES", "3");
        return env;
    }

    private static Process start(Map<String, String> env, int port, String name) throws IOException {
        Path jar = Path.of("target/quarkus-app/quarkus-run.jar");
        assertThat(jar).exists();
        Path log = Files.createDirectories(Path.of("target/two-instances")).resolve("instance-" + name + ".log");
        ProcessBuilder pb = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Xmx256m",
                "-jar", jar.toString()).redirectErrorStream(true).redirectOutput(log.toFile());
        pb.environment().putAll(env);
        pb.environment().put("PORT", String.valueOf(port));
        return pb.start();
    }

    private static void awaitReady(String base) throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(120).toNanos();
        while (System.nanoTime() < deadline) {
            try {
                HttpResponse<String> r = HTTP.send(HttpRequest.newBuilder(URI.create(base + "/q/health/ready")).build(),
                        HttpResponse.BodyHandlers.ofString());
                if (r.statusCode() == 200) {
                    return;
                }
            } catch (IOException notYet) {
                // not listening yet
            }
            for (Process p : PROCESSES) {
                assertThat(p.isAlive()).as("an instance exited; see target/two-instances/").isTrue();
            }
            Thread.sleep(500);
        }
        throw new AssertionError(base + " did not become ready; see target/two-instances/");
    }

    private static String verifiedAccount() throws Exception {
        String email = "two-" + UUID.randomUUID() + "@example.com";
        HttpResponse<String> created = post(a, "/users", "{\"email\":\"" + email + "\",\"password\":\"" + PASSWORD + "\"}");
        assertThat(created.statusCode()).as(created.body()).isEqualTo(202);
        sql("update users set is_verified = true where email = ? returning 'ok'", email);
        return email;
    }

    private static HttpResponse<String> login(String base, String email, String password) throws Exception {
        return post(base, "/authentication", "{\"strategy\":\"local\",\"email\":\"" + email + "\",\"password\":\"" + password + "\"}");
    }

    private static HttpResponse<String> post(String base, String path, String json) throws Exception {
        return HTTP.send(HttpRequest.newBuilder(URI.create(base + path)).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(json)).build(), HttpResponse.BodyHandlers.ofString());
    }

    private static String sql(String statement, String param) throws Exception {
        try (Connection c = Infra.postgres().connect(); PreparedStatement ps = c.prepareStatement(statement)) {
            ps.setString(1, param);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? rs.getString(1) : null;
            }
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }
}
