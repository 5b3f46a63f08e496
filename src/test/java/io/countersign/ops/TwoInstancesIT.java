package io.countersign.ops;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import io.countersign.testing.Infra;
import io.countersign.testing.PackagedJar;

/**
 * Two instances of the packaged application ({@code quarkus-run.jar}, production profile) on two ports, sharing one
 * PostgreSQL (and Kafka and SMTP): the login rate limit per account and the account lockout are one state for both,
 * because both live in the database. Each instance is configured through environment variables, as in production,
 * with the same secrets and low limits.
 */
class TwoInstancesIT {

    private static final String PASSWORD = "violet tractor umbrella 47";
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private static final List<PackagedJar> INSTANCES = new ArrayList<>();
    private static String a;
    private static String b;

    @BeforeAll
    static void startTwoInstances() throws Exception {
        // one set of secrets for both instances, as one Secret serves every replica
        Map<String, String> env = PackagedJar.environment();
        env.put("COUNTERSIGN_RATE_LIMITS_LOGIN_PER_ACCOUNT", "5");
        env.put("COUNTERSIGN_RATE_LIMITS_LOGIN_PER_IP", "1000");
        env.put("COUNTERSIGN_LOGIN_LOCK_AFTER_FAILURES", "3");
        for (String name : List.of("a", "b")) {
            INSTANCES.add(PackagedJar.launch(name).environment(env).log(Path.of("target/two-instances/instance-" + name + ".log")).start());
        }
        a = INSTANCES.get(0).url();
        b = INSTANCES.get(1).url();
        for (PackagedJar instance : INSTANCES) {
            instance.awaitReady(Duration.ofSeconds(120));
        }
    }

    @AfterAll
    static void stop() throws InterruptedException {
        PackagedJar.stopAll(INSTANCES);
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
}
