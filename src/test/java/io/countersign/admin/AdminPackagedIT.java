package io.countersign.admin;

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
import java.util.Map;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import io.countersign.testing.Infra;
import io.countersign.testing.PackagedJar;

/**
 * The admin API with API keys, and CORS, on the packaged application ({@code quarkus-run.jar}, production profile)
 * configured by environment variables only, as in a container: {@code COUNTERSIGN_ADMIN_EMAILS},
 * {@code COUNTERSIGN_ADMIN_BOOTSTRAP_KEY}, {@code COUNTERSIGN_CORS_ORIGINS}, {@code COUNTERSIGN_CORS_MAX_AGE}. Not a
 * {@code @QuarkusIntegrationTest}: that launcher hands its configuration to the jar as {@code -D} system properties,
 * which would not show that the environment alone is enough.
 */
class AdminPackagedIT {

    private static final String PASSWORD = "violet tractor umbrella 47";
    private static final String BOOTSTRAP = "an-operator-secret-bootstrap-key-" + UUID.randomUUID();
    private static final String ADMIN = "packaged-admin-" + UUID.randomUUID() + "@example.com";
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private static final Pattern FIELD = Pattern.compile("\"(key|id|accessToken)\":\"([^\"]+)\"");
    private static PackagedJar app;
    private static String base;

    @BeforeAll
    static void start() throws Exception {
        Map<String, String> env = PackagedJar.environment();
        env.put("COUNTERSIGN_ADMIN_EMAILS", ADMIN);
        env.put("COUNTERSIGN_ADMIN_BOOTSTRAP_KEY", BOOTSTRAP);
        env.put("COUNTERSIGN_CORS_ORIGINS", "https://app.example,https://admin.example:8443");
        env.put("COUNTERSIGN_CORS_MAX_AGE", "2m");
        app = PackagedJar.launch("admin").environment(env).log(Path.of("target/admin-packaged/app.log")).start();
        base = app.url();
        app.awaitReady(Duration.ofSeconds(120));
    }

    @AfterAll
    static void stop() throws InterruptedException {
        if (app != null) {
            app.close();
        }
    }

    @Test
    void apiKeysFromTheBootstrapKeyAdministerAccounts() throws Exception {
        Map<String, String> bootstrap = Map.of("X-Api-Key", BOOTSTRAP);
        HttpResponse<String> created = send("POST", "/admin/keys", "{\"name\":\"reader\",\"scopes\":[\"read\"]}", bootstrap);
        assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
        assertThat(created.body()).contains("\"createdBy\":\"key:bootstrap\"");
        Map<String, String> read = Map.of("X-Api-Key", field(created.body(), "key"));
        String readId = field(created.body(), "id");
        HttpResponse<String> writer = send("POST", "/admin/keys", "{\"name\":\"writer\",\"scopes\":[\"read\",\"write\"]}", bootstrap);
        Map<String, String> write = Map.of("X-Api-Key", field(writer.body(), "key"));

        String email = "packaged-" + UUID.randomUUID() + "@example.com";
        assertThat(send("POST", "/users", "{\"email\":\"" + email + "\",\"password\":\"" + PASSWORD + "\"}", Map.of()).statusCode())
                .isEqualTo(202);
        sql("update users set is_verified = true where email = ? returning 'ok'", email);
        HttpResponse<String> found = send("GET", "/admin/users?verified=true&email=" + email, null, read);
        assertThat(found.statusCode()).isEqualTo(200);
        assertThat(found.body()).contains("\"total\":1").doesNotContain("$2");
        String id = sql("select id::text from users where email = ?", email);

        // locked by failed logins, unlocked by the write key
        for (int i = 0; i < 5; i++) {
            assertThat(login(email, "a wrong password").statusCode()).isEqualTo(401);
        }
        assertThat(login(email, PASSWORD).statusCode()).isEqualTo(401);
        assertThat(send("POST", "/admin/users/" + id + "/unlock", null, read).statusCode()).isEqualTo(403);
        assertThat(send("POST", "/admin/users/" + id + "/unlock", null, write).statusCode()).isEqualTo(204);
        HttpResponse<String> session = login(email, PASSWORD);
        assertThat(session.statusCode()).isEqualTo(201);
        Map<String, String> user = Map.of("Authorization", "Bearer " + field(session.body(), "accessToken"));
        assertThat(send("GET", "/users/me", null, user).statusCode()).isEqualTo(200);
        assertThat(send("GET", "/admin/users", null, user).statusCode()).isEqualTo(403);
        assertThat(send("DELETE", "/admin/users/" + id + "/sessions", null, write).statusCode()).isEqualTo(204);
        assertThat(send("GET", "/users/me", null, user).statusCode()).isEqualTo(401);

        // revoked: refused at once
        assertThat(send("DELETE", "/admin/keys/" + readId, null, write).statusCode()).isEqualTo(204);
        assertThat(send("GET", "/admin/users", null, read).statusCode()).isEqualTo(401);
        assertThat(send("GET", "/admin/users", null, Map.of()).statusCode()).isEqualTo(401);
        assertThat(sql("select (details->>'actor') || ' ' || (details->>'action') from audit_log where user_id = ?::uuid"
                + " and details->>'action' = 'unlocked'", id)).startsWith("key:").endsWith(" unlocked");
    }

    @Test
    void anAdminAccountFromTheEnvironmentManagesKeys() throws Exception {
        assertThat(send("POST", "/users", "{\"email\":\"" + ADMIN + "\",\"password\":\"" + PASSWORD + "\"}", Map.of()).statusCode())
                .isEqualTo(202);
        sql("update users set is_verified = true where email = ? returning 'ok'", ADMIN);
        Map<String, String> admin = Map.of("Authorization", "Bearer " + field(login(ADMIN, PASSWORD).body(), "accessToken"));
        HttpResponse<String> created = send("POST", "/admin/keys", "{\"name\":\"first\",\"scopes\":[\"write\"]}", admin);
        assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
        String key = field(created.body(), "key");
        HttpResponse<String> listed = send("GET", "/admin/keys", null, admin);
        assertThat(listed.statusCode()).isEqualTo(200);
        assertThat(listed.body()).contains(field(created.body(), "id")).doesNotContain(key);
        assertThat(sql("select count(*)::text from admin_api_keys where created_by like ?", "account:%")).isNotEqualTo("0");
    }

    @Test
    void corsAllowsTheConfiguredOriginsOnly() throws Exception {
        HttpResponse<String> allowed = send("OPTIONS", "/users/me", null, Map.of("Origin", "https://admin.example:8443",
                "Access-Control-Request-Method", "GET", "Access-Control-Request-Headers", "authorization"));
        assertThat(allowed.statusCode()).isEqualTo(204);
        assertThat(allowed.headers().firstValue("Access-Control-Allow-Origin")).hasValue("https://admin.example:8443");
        assertThat(allowed.headers().firstValue("Access-Control-Allow-Headers").orElseThrow()).contains("Authorization");
        assertThat(allowed.headers().firstValue("Access-Control-Max-Age")).hasValue("120");
        HttpResponse<String> refused = send("OPTIONS", "/users", null, Map.of("Origin", "https://evil.example",
                "Access-Control-Request-Method", "POST", "Access-Control-Request-Headers", "content-type"));
        assertThat(refused.statusCode()).isEqualTo(403);
        assertThat(refused.headers().firstValue("Access-Control-Allow-Origin")).isEmpty();
        HttpResponse<String> simple = send("GET", "/users/me", null, Map.of("Origin", "https://app.example"));
        assertThat(simple.statusCode()).isEqualTo(401);
        assertThat(simple.headers().firstValue("Access-Control-Allow-Origin")).hasValue("https://app.example");
        assertThat(send("GET", "/users/me", null, Map.of("Origin", "https://evil.example")).headers()
                .firstValue("Access-Control-Allow-Origin")).isEmpty();
    }

    private static HttpResponse<String> login(String email, String password) throws Exception {
        return send("POST", "/authentication", "{\"strategy\":\"local\",\"email\":\"" + email + "\",\"password\":\"" + password + "\"}",
                Map.of());
    }

    private static HttpResponse<String> send(String method, String path, String json, Map<String, String> headers) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(base + path)).timeout(Duration.ofSeconds(30))
                .method(method, json == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(json));
        if (json != null) {
            b.header("Content-Type", "application/json");
        }
        headers.forEach(b::header);
        return HTTP.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    private static String field(String body, String name) {
        Matcher m = FIELD.matcher(body);
        while (m.find()) {
            if (m.group(1).equals(name)) {
                return m.group(2);
            }
        }
        throw new AssertionError(name + " not in " + body);
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
