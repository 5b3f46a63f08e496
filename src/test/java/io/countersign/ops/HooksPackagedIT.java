package io.countersign.ops;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.countersign.testing.HookStub;
import io.countersign.testing.PackagedJar;
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
    private static final List<PackagedJar> INSTANCES = new ArrayList<>();
    private static final HookStub HOOK = HookStub.shared();
    private static String hooked;
    private static String auto;

    @BeforeAll
    static void startTwoInstances() throws Exception {
        Map<String, String> hooks = PackagedJar.environment();
        hooks.put("COUNTERSIGN_HOOKS_CONFIRMATION_METHOD", "hook");
        hooks.put("COUNTERSIGN_HOOKS_RESET_METHOD", "hook");
        hooks.put("COUNTERSIGN_HOOKS_URL", HOOK.url());
        hooks.put("COUNTERSIGN_HOOKS_SECRET", HookStub.SECRET);
        hooks.put("COUNTERSIGN_HOOKS_ALLOW_HTTP", "true");
        hooks.put("COUNTERSIGN_HOOKS_TOKEN_DELIVERY", "clear");
        hooks.put("COUNTERSIGN_HOOKS_TIMEOUT", "3s");
        hooks.put("COUNTERSIGN_FLOWS_IDENTITY_CHANGE_ENABLED", "false");
        Map<String, String> automatic = PackagedJar.environment();
        automatic.put("COUNTERSIGN_HOOKS_CONFIRMATION_METHOD", "auto");
        automatic.put("COUNTERSIGN_FLOWS_RESET_ENABLED", "false");
        PackagedJar hooksInstance = start(hooks, "hooks");
        PackagedJar autoInstance = start(automatic, "auto");
        hooked = hooksInstance.url();
        auto = autoInstance.url();
        hooksInstance.awaitReady(Duration.ofSeconds(180));
        autoInstance.awaitReady(Duration.ofSeconds(180));
    }

    @AfterAll
    static void stop() throws InterruptedException {
        PackagedJar.stopAll(INSTANCES);
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

    private static PackagedJar start(Map<String, String> env, String name) throws IOException {
        PackagedJar instance = PackagedJar.launch(name).environment(env)
                .log(Path.of("target/hooks-packaged/instance-" + name + ".log")).start();
        INSTANCES.add(instance);
        return instance;
    }

    private static HttpResponse<String> login(String base, String email, String password) throws Exception {
        return post(base, "/authentication", Map.of("strategy", "local", "email", email, "password", password));
    }

    private static HttpResponse<String> post(String base, String path, Object body) throws Exception {
        return HTTP.send(HttpRequest.newBuilder(URI.create(base + path)).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(body))).build(), HttpResponse.BodyHandlers.ofString());
    }
}
