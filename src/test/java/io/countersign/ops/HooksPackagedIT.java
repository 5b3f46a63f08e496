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
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.countersign.testing.HookStub;
import io.countersign.testing.Infra;
import io.countersign.testing.RequiredVariables;
import io.countersign.testing.Sql;

/**
 * The packaged application ({@code quarkus-run.jar}, production profile) configured ONLY by environment variables
 * (docs/hooks.md §8), as in production: one instance confirms and resets through the hook (token in clear) with
 * identity change switched off; one confirms automatically with password reset switched off. Against the real
 * PostgreSQL, Kafka and SMTP of the suite and the signature-checking {@link HookStub}.
 */
class HooksPackagedIT {

    private static final String PASSWORD = "violet tractor umbrella 47";
    private static final String NEW_PASSWORD = "orange bicycle lantern 58";
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final List<Process> PROCESSES = new ArrayList<>();
    private static final HookStub HOOK = HookStub.shared();
    private static String hooked;
    private static String auto;

    @BeforeAll
    static void startTwoInstances() throws Exception {
        Map<String, String> hooks = environment();
        hooks.put("COUNTERSIGN_HOOKS_CONFIRMATION_METHOD", "hook");
        hooks.put("COUNTERSIGN_HOOKS_RESET_METHOD", "hook");
        hooks.put("COUNTERSIGN_HOOKS_URL", HOOK.url());
        hooks.put("COUNTERSIGN_HOOKS_SECRET", HookStub.SECRET);
        hooks.put("COUNTERSIGN_HOOKS_ALLOW_HTTP", "true");
        hooks.put("COUNTERSIGN_HOOKS_TOKEN_DELIVERY", "clear");
        hooks.put("COUNTERSIGN_HOOKS_TIMEOUT", "3s");
        hooks.put("COUNTERSIGN_FLOWS_IDENTITY_CHANGE_ENABLED", "false");
        Map<String, String> automatic = environment();
        automatic.put("COUNTERSIGN_HOOKS_CONFIRMATION_METHOD", "auto");
        automatic.put("COUNTERSIGN_FLOWS_RESET_ENABLED", "false");
        int hookPort = freePort();
        int autoPort = freePort();
        PROCESSES.add(start(hooks, hookPort, "hooks"));
        PROCESSES.add(start(automatic, autoPort, "auto"));
        hooked = "http://127.0.0.1:" + hookPort;
        auto = "http://127.0.0.1:" + autoPort;
        awaitReady(hooked);
        awaitReady(auto);
    }

    @AfterAll
    static void stop() throws InterruptedException {
        for (Process p : PROCESSES) {
            p.destroy();
        }
        for (Process p : PROCESSES) {
            if (!p.waitFor(20, TimeUnit.SECONDS)) {
                p.destroyForcibly();
            }
        }
    }

    @Test
    void theConfirmationHookVerifiesOnSuccessAndGivesAWorkingTokenOnPending() throws Exception {
        String success = "success-" + UUID.randomUUID() + "@example.com";
        assertThat(post(hooked, "/users", Map.of("email", success, "password", PASSWORD)).statusCode()).isEqualTo(202);
        assertThat(Sql.column("select is_verified::text from users where email = ?", success)).isEqualTo("true");
        HookStub.Call call = last(success);
        assertThat(call.data().has("sealed")).as("token-delivery=clear").isFalse();
        assertThat(call.data().path("tokenId").asText()).isEqualTo(call.tokenId()).isNotBlank();

        String pending = "pending-" + UUID.randomUUID() + "@example.com";
        assertThat(post(hooked, "/users", Map.of("email", pending, "password", PASSWORD)).statusCode()).isEqualTo(202);
        HookStub.Call delivered = last(pending);
        HttpResponse<String> verified = post(hooked, "/verification/confirm",
                Map.of("tokenId", delivered.tokenId(), "token", delivered.token(), "password", PASSWORD));
        assertThat(verified.statusCode()).as(verified.body()).isEqualTo(200);
        assertThat(JSON.readTree(verified.body()).path("isVerified").asBoolean()).isTrue();
    }

    @Test
    void theResetHookSetsThePasswordOnSuccessAndGivesAWorkingTokenOnPending() throws Exception {
        String email = "success-" + UUID.randomUUID() + "@example.com";
        assertThat(post(hooked, "/users", Map.of("email", email, "password", PASSWORD)).statusCode()).isEqualTo(202);
        HttpResponse<String> reset = post(hooked, "/password/reset-by-hook", Map.of("email", email, "password", NEW_PASSWORD,
                "arguments", Map.of("answer", "success")));
        assertThat(reset.statusCode()).as(reset.body()).isEqualTo(200);
        assertThat(login(hooked, email, NEW_PASSWORD).statusCode()).isEqualTo(201);

        HttpResponse<String> pending = post(hooked, "/password/reset-by-hook", Map.of("email", email, "password", PASSWORD,
                "arguments", Map.of("answer", "pending")));
        assertThat(pending.statusCode()).as(pending.body()).isEqualTo(202);
        HookStub.Call call = last(email);
        assertThat(call.purpose()).isEqualTo("reset");
        assertThat(post(hooked, "/password/reset", Map.of("tokenId", call.tokenId(), "token", call.token(), "password", PASSWORD))
                .statusCode()).isEqualTo(200);
        assertThat(login(hooked, email, PASSWORD).statusCode()).isEqualTo(201);
    }

    @Test
    void autoConfirmVerifiesAtSignUp() throws Exception {
        String email = "auto-" + UUID.randomUUID() + "@example.com";
        assertThat(post(auto, "/users", Map.of("email", email, "password", PASSWORD)).statusCode()).isEqualTo(202);
        assertThat(Sql.column("select is_verified::text from users where email = ?", email)).isEqualTo("true");
        assertThat(login(auto, email, PASSWORD).statusCode()).isEqualTo(201);
    }

    @Test
    void switchedOffFlowsAreRefusedAndLeftOutOfTheOptions() throws Exception {
        HttpResponse<String> identity = post(hooked, "/identity/confirm", Map.of("token", "AAAAAAAAAAAAAAAA.BBBBBBBBBBBBBBBBBBBBBBBB"));
        assertThat(identity.statusCode()).isEqualTo(403);
        assertThat(identity.body()).contains("\"code\":\"flow_disabled\"");
        HttpResponse<String> forgot = post(auto, "/password/forgot", Map.of("email", "someone@example.com"));
        assertThat(forgot.statusCode()).isEqualTo(403);
        HttpResponse<String> compat = post(auto, "/authManagement", Map.of("action", "sendResetPwd", "value", Map.of("email", "a@example.com")));
        assertThat(compat.statusCode()).isEqualTo(403);
        assertThat(compat.body()).contains("\"name\":\"Forbidden\"");
        JsonNode options = JSON.readTree(post(hooked, "/authManagement", Map.of("action", "options")).body());
        assertThat(options.path("actions").toString()).doesNotContain("identityChange").doesNotContain("resendVerifySignup")
                .contains("retryCustomConfirmation").contains("callResetPasswordFunction");
        assertThat(options.path("confirmationMethod").asText()).isEqualTo("hook");
        HttpResponse<String> page = HTTP.send(HttpRequest.newBuilder(URI.create(auto + "/pages/forgot")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(page.statusCode()).isEqualTo(403);
        assertThat(page.body()).contains("Not available here");
    }

    // ------------------------------------------------------------------ helpers

    private static HookStub.Call last(String email) {
        List<HookStub.Call> calls = HOOK.callsFor(email);
        assertThat(calls).as("hook calls about " + email).isNotEmpty();
        return calls.get(calls.size() - 1);
    }

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
        for (String name : RequiredVariables.in(Path.of("target/classes/application.properties"))) {
            env.put(name, RequiredVariables.randomKey());
        }
        return env;
    }

    private static Process start(Map<String, String> env, int port, String name) throws IOException {
        Path jar = Path.of("target/quarkus-app/quarkus-run.jar");
        assertThat(jar).exists();
        Path log = Files.createDirectories(Path.of("target/hooks-packaged")).resolve("instance-" + name + ".log");
        ProcessBuilder pb = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Xmx256m",
                "-jar", jar.toString()).redirectErrorStream(true).redirectOutput(log.toFile());
        pb.environment().putAll(env);
        pb.environment().put("PORT", String.valueOf(port));
        return pb.start();
    }

    private static void awaitReady(String base) throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(180).toNanos();
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
                assertThat(p.isAlive()).as("an instance exited; see target/hooks-packaged/").isTrue();
            }
            Thread.sleep(500);
        }
        throw new AssertionError(base + " did not become ready; see target/hooks-packaged/");
    }

    private static HttpResponse<String> login(String base, String email, String password) throws Exception {
        return post(base, "/authentication", Map.of("strategy", "local", "email", email, "password", password));
    }

    private static HttpResponse<String> post(String base, String path, Object body) throws Exception {
        return HTTP.send(HttpRequest.newBuilder(URI.create(base + path)).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(body))).build(), HttpResponse.BodyHandlers.ofString());
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }
}
