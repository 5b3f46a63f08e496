package io.countersign.hook;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItems;
import static org.hamcrest.Matchers.not;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import io.countersign.testing.HookStub;
import io.countersign.testing.Infra;
import io.countersign.testing.Sql;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.restassured.http.ContentType;
import io.restassured.response.Response;

/**
 * Confirmation by the application's hook (countersign.hooks.confirmation-method=hook) against a real HTTP receiver
 * that checks the signature ({@link HookStub}): each answer at sign-up (resource API) and on retry (both surfaces),
 * pending tokens that verify, no message sent, failures that fail closed, no event loop blocked and no row locked while
 * the hook is asked.
 */
@QuarkusTest
@TestProfile(HooksProfile.class)
class ConfirmationHookTest {

    static final String PASSWORD = "violet tractor umbrella 47";
    static final HookStub HOOK = HookStub.shared();

    static String email(String answer) {
        return answer + "-" + UUID.randomUUID().toString().substring(0, 12) + "@example.com";
    }

    static Response signUp(String email) {
        return given().contentType(ContentType.JSON).body(Map.of("email", email, "password", PASSWORD)).post("/users");
    }

    static Response compat(String action, Object value) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("action", action);
        body.put("value", value);
        return given().contentType(ContentType.JSON).body(body).post("/authManagement");
    }

    static String verified(String email) {
        return Sql.column("select is_verified::text from users where email = ?", email);
    }

    static long outboxFor(String email) {
        return Long.parseLong(Sql.column("select count(*) from outbox o join users u on o.aggregate_id = u.id "
                + "where u.email = ?", email));
    }

    static HookStub.Call lastCall(String email) {
        List<HookStub.Call> calls = HOOK.callsFor(email);
        assertThat(calls).as("hook calls about " + email).isNotEmpty();
        return calls.get(calls.size() - 1);
    }

    @Test
    void successVerifiesTheAccountAtSignUpKeepsItsPasswordAndSendsNothing() {
        String email = email("success");
        signUp(email).then().statusCode(202);
        assertThat(verified(email)).isEqualTo("true");
        HookStub.Call call = lastCall(email);
        assertThat(call.purpose()).isEqualTo("confirmation");
        assertThat(call.payload().path("type").asText()).isEqualTo("countersign.confirmation");
        assertThat(call.data().path("account").path("verified").asBoolean()).isFalse();
        // sealed by default: the opened token is real, and neither half is in the body in clear
        assertThat(call.data().has("sealed")).isTrue();
        assertThat(call.tokenId()).isNotBlank();
        assertThat(call.body()).doesNotContain(call.token()).doesNotContain(call.tokenId()).doesNotContain(call.code());
        assertThat(outboxFor(email)).as("no message for a hook-confirmed account").isZero();
        given().contentType(ContentType.JSON).body(Map.of("strategy", "local", "email", email, "password", PASSWORD))
                .post("/authentication").then().statusCode(201);
        assertThat(Sql.column("select details->>'outcome' from audit_log a join users u on a.user_id = u.id "
                + "where u.email = ? and a.type = 'hook_called'", email)).isEqualTo("success");
    }

    @Test
    void pendingGivesTheHookATokenThatVerifiesOnTheResourceApi() {
        String email = email("pending");
        signUp(email).then().statusCode(202);
        assertThat(verified(email)).isEqualTo("false");
        HookStub.Call call = lastCall(email);
        assertThat(outboxFor(email)).isZero();
        given().contentType(ContentType.JSON).body(Map.of("tokenId", call.tokenId(), "token", call.token(), "password", PASSWORD))
                .post("/verification/confirm").then().statusCode(200).body("isVerified", equalTo(true));
        assertThat(verified(email)).isEqualTo("true");
    }

    @Test
    void pendingOnRetryGivesATokenThatVerifiesOnCompat() {
        String email = email("pending");
        signUp(email).then().statusCode(202);
        compat("retryCustomConfirmation", Map.of("email", email)).then().statusCode(201)
                .body("status", equalTo("pending")).body("message", equalTo("We sent you a text message."));
        HookStub.Call retried = lastCall(email);
        assertThat(HOOK.callsFor(email)).hasSize(2);
        compat("verifySignupLong", Map.of("token", retried.token(), "tokenId", retried.tokenId())).then().statusCode(201)
                .body("isVerified", equalTo(true));
    }

    @Test
    void theCodeAHookGetsVerifiesToo() {
        String email = email("pending");
        signUp(email).then().statusCode(202);
        given().contentType(ContentType.JSON).body(Map.of("email", email, "code", lastCall(email).code(), "password", PASSWORD))
                .post("/verification/confirm").then().statusCode(200).body("isVerified", equalTo(true));
    }

    @Test
    void failRefusesWithTheHooksMessageOnBothSurfacesAndEndsTheToken() {
        String email = email("fail");
        signUp(email).then().statusCode(400).contentType("application/problem+json")
                .body("code", equalTo("hook_refused")).body("detail", equalTo("This address is not on the guest list."));
        assertThat(verified(email)).isEqualTo("false");
        HookStub.Call call = lastCall(email);
        given().contentType(ContentType.JSON).body(Map.of("tokenId", call.tokenId(), "token", call.token()))
                .post("/verification/confirm").then().statusCode(400).body("code", equalTo("token_invalid"));
        Response refused = compat("retryCustomConfirmation", Map.of("email", email));
        refused.then().statusCode(400).body("name", equalTo("BadRequest"))
                .body("message", equalTo("This address is not on the guest list."))
                .body("errors.'$className'", equalTo("hookRefused"));
        given().contentType(ContentType.JSON).body(Map.of("email", email)).post("/verification/retry").then()
                .statusCode(400).body("code", equalTo("hook_refused"));
    }

    @Test
    void retrySucceedsOnTheResourceApiOnceTheHookSaysSo() {
        String email = email("fail");
        signUp(email).then().statusCode(400);
        HOOK.answerFor(email, "success");
        given().contentType(ContentType.JSON).body(Map.of("email", email)).post("/verification/retry").then()
                .statusCode(200).body("isVerified", equalTo(true)).body("email", equalTo(email));
        assertThat(verified(email)).isEqualTo("true");
    }

    @Test
    void retryOnCompatAnswersTheVerifiedUserOnSuccess() {
        String email = email("500");
        signUp(email).then().statusCode(503);
        HOOK.answerFor(email, "success");
        compat("retryCustomConfirmation", Map.of("email", email)).then().statusCode(201).body("isVerified", equalTo(true));
    }

    @Test
    void retryForAnUnknownOrVerifiedAccountAnswersLikePendingAndCallsNoHook() {
        String ghost = email("success");
        int before = HOOK.calls().size();
        Response unknown = given().contentType(ContentType.JSON).body(Map.of("email", ghost)).post("/verification/retry");
        unknown.then().statusCode(202).body("status", equalTo("pending"));
        String done = email("success");
        signUp(done).then().statusCode(202);
        given().contentType(ContentType.JSON).body(Map.of("email", done)).post("/verification/retry").then().statusCode(202)
                .body("status", equalTo("pending"));
        compat("retryCustomConfirmation", Map.of("email", ghost)).then().statusCode(201).body("status", equalTo("pending"));
        assertThat(HOOK.calls().size()).as("only the sign-up called the hook").isEqualTo(before + 1);
    }

    /** Slow, 500 and garbage fail closed: 503 with Retry-After on both surfaces, audited, counted, the account unverified. */
    @ParameterizedTest
    @CsvSource({ "slow, timeout", "500, status_500", "garbage, garbage" })
    void aFailingHookFailsClosedOnBothSurfaces(String answer, String outcome) {
        String email = email(answer);
        long started = System.nanoTime();
        signUp(email).then().statusCode(503).header("Retry-After", not(equalTo(null)))
                .contentType("application/problem+json").body("code", equalTo("hook_unavailable"));
        if ("slow".equals(answer)) {
            assertThat((System.nanoTime() - started) / 1_000_000).as("answered at the timeout, not when the hook did")
                    .isLessThan(HookStub.SLOW_MILLIS - 1000);
        }
        assertThat(verified(email)).isEqualTo("false");
        compat("retryCustomConfirmation", Map.of("email", email)).then().statusCode(503)
                .header("Retry-After", not(equalTo(null))).body("name", equalTo("Unavailable")).body("code", equalTo(503));
        assertThat(Sql.rows("select details->>'outcome' from audit_log a join users u on a.user_id = u.id "
                + "where u.email = ? and a.type = 'hook_called'", email)).containsExactly(outcome, outcome);
        given().get("/q/metrics").then().statusCode(200).body(org.hamcrest.Matchers.containsString(
                "countersign_hook_calls_total{outcome=\"" + outcome + "\",purpose=\"confirmation\"}"));
    }

    @Test
    void theEmailVariantsAreOffWithTheHookAndOptionsSaySo() {
        given().contentType(ContentType.JSON).body(Map.of("email", email("success"))).post("/verification/resend").then()
                .statusCode(403).body("code", equalTo("flow_disabled"));
        compat("resendVerifySignup", Map.of("email", email("success"))).then().statusCode(403).body("name", equalTo("Forbidden"));
        given().contentType(ContentType.JSON).body(Map.of("action", "options")).post("/authManagement").then().statusCode(201)
                .body("actions", hasItems("retryCustomConfirmation", "callResetPasswordFunction", "verifySignupLong"))
                .body("actions", not(hasItems("resendVerifySignup"))).body("actions", not(hasItems("sendResetPwd")))
                .body("confirmationMethod", equalTo("hook"));
    }

    /** With both hooks, the pages that send e-mail say they are not offered, and no page links to them. */
    @Test
    void thePagesOfTheEmailVariantsAreNotOffered() {
        String code = given().get("/pages/verify/code").then().statusCode(200).extract().asString();
        assertThat(code).contains("action=\"/pages/verify/code\"").doesNotContain("href=\"/pages/verify/resend\"");
        assertThat(given().get("/pages/verify/resend").then().statusCode(403).extract().asString()).contains("Not available here");
        assertThat(given().get("/pages/forgot").then().statusCode(403).extract().asString()).contains("Not available here");
        given().header("Accept-Language", "de").get("/pages/forgot").then().statusCode(403)
                .body(org.hamcrest.Matchers.containsString("Hier nicht verfügbar"));
    }

    /**
     * While a slow hook is being asked, the event loop serves other requests at once, and neither the account's row nor
     * its challenge is locked: the call happens outside the transaction.
     */
    @Test
    void aSlowHookBlocksNeitherTheEventLoopNorTheDatabase() throws Exception {
        String email = email("slow");
        // plain JDK client on another thread (the contract filter belongs to the test's thread)
        java.net.http.HttpRequest request = java.net.http.HttpRequest.newBuilder(java.net.URI.create(
                "http://localhost:" + io.restassured.RestAssured.port + "/users")).header("Content-Type", "application/json")
                .POST(java.net.http.HttpRequest.BodyPublishers.ofString("{\"email\":\"" + email + "\",\"password\":\"" + PASSWORD + "\"}"))
                .build();
        CompletableFuture<Integer> slow = java.net.http.HttpClient.newHttpClient()
                .sendAsync(request, java.net.http.HttpResponse.BodyHandlers.discarding()).thenApply(java.net.http.HttpResponse::statusCode);
        long deadline = System.currentTimeMillis() + 20000;
        while (HOOK.callsFor(email).isEmpty() && System.currentTimeMillis() < deadline) {
            Thread.sleep(10);
        }
        assertThat(HOOK.callsFor(email)).as("the hook is being asked").isNotEmpty();
        // plain JDK client: the contract filter's document loading would be timed too
        java.net.http.HttpRequest options = java.net.http.HttpRequest.newBuilder(java.net.URI.create(
                "http://localhost:" + io.restassured.RestAssured.port + "/authManagement")).header("Content-Type", "application/json")
                .POST(java.net.http.HttpRequest.BodyPublishers.ofString("{\"action\":\"options\"}")).build();
        long started = System.nanoTime();
        assertThat(java.net.http.HttpClient.newHttpClient().send(options, java.net.http.HttpResponse.BodyHandlers.discarding())
                .statusCode()).isEqualTo(201);
        // blocked by the hook call it would wait for the timeout (2 s) at least
        assertThat((System.nanoTime() - started) / 1_000_000).as("another request meanwhile").isLessThan(1500);
        try (Connection c = Infra.postgres().connect()) {
            c.setAutoCommit(false);
            try (PreparedStatement ps = c.prepareStatement("select u.id from users u join challenges ch on ch.user_id = u.id "
                    + "where u.email = ? for update nowait")) {
                ps.setString(1, email);
                try (ResultSet rs = ps.executeQuery()) {
                    assertThat(rs.next()).as("the committed account and challenge, not locked").isTrue();
                }
            }
            c.rollback();
        }
        assertThat(slow.get()).isEqualTo(503);
    }

    /** The receiver's checks: the signature covers the id, the timestamp and the body; old or replayed calls are refused. */
    @Test
    void theSignatureCoversBodyAndTimestampAndStaleOrReplayedCallsAreRefused() throws Exception {
        String email = email("success");
        signUp(email).then().statusCode(202);
        HookStub.Call call = lastCall(email);
        long now = java.time.Instant.now().getEpochSecond();
        assertThat(HOOK.verify(call.id(), Long.toString(call.timestamp()), call.signature(), call.body(), now))
                .as("the same call again").isEqualTo("replayed id");
        assertThat(send(call.id() + "x", Long.toString(call.timestamp()), call.signature(), call.body().replace("success-", "succes5-")))
                .as("body changed").isEqualTo(401);
        assertThat(send(call.id() + "y", Long.toString(call.timestamp() - 1), call.signature(), call.body()))
                .as("timestamp changed").isEqualTo(401);
        long old = now - 600;
        assertThat(send(call.id() + "z", Long.toString(old), HookStub.sign(call.id() + "z", old, call.body()), call.body()))
                .as("signed, but ten minutes old").isEqualTo(401);
        assertThat(HOOK.refused()).contains("bad signature", "stale timestamp");
        String fresh = "msg_" + UUID.randomUUID();
        assertThat(send(fresh, Long.toString(now), HookStub.sign(fresh, now, call.body()), call.body()))
                .as("a genuine call").isEqualTo(200);
    }

    private static int send(String id, String timestamp, String signature, String body) throws Exception {
        java.net.http.HttpRequest request = java.net.http.HttpRequest.newBuilder(java.net.URI.create(HOOK.url()))
                .header("webhook-id", id).header("webhook-timestamp", timestamp).header("webhook-signature", signature)
                .POST(java.net.http.HttpRequest.BodyPublishers.ofString(body)).build();
        return java.net.http.HttpClient.newHttpClient().send(request, java.net.http.HttpResponse.BodyHandlers.discarding()).statusCode();
    }
}
