package io.countersign.hook;

import static io.countersign.hook.ConfirmationHookTest.HOOK;
import static io.countersign.hook.ConfirmationHookTest.PASSWORD;
import static io.countersign.hook.ConfirmationHookTest.compat;
import static io.countersign.hook.ConfirmationHookTest.email;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.not;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import io.countersign.testing.HookStub;
import io.countersign.testing.Sql;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.restassured.http.ContentType;
import io.restassured.response.Response;

/**
 * Password reset by the application's hook (countersign.hooks.reset-method=hook), MongoDB Atlas'
 * callResetPasswordFunction: each answer on both surfaces; the password never reaches the hook, the arguments do.
 */
@QuarkusTest
@TestProfile(HooksProfile.class)
class ResetHookTest {

    static final String NEW_PASSWORD = "orange bicycle lantern 58";

    /** A verified account (the confirmation hook answers success for "success-" addresses). */
    static String account() {
        String email = email("success");
        ConfirmationHookTest.signUp(email).then().statusCode(202);
        assertThat(ConfirmationHookTest.verified(email)).isEqualTo("true");
        return email;
    }

    static Response resetByHook(String email, String answer) {
        return given().contentType(ContentType.JSON).body(Map.of("email", email, "password", NEW_PASSWORD,
                "arguments", Map.of("answer", answer, "securityQuestion", "blue"))).post("/password/reset-by-hook");
    }

    static Response compatReset(String email, String answer) {
        return compat("callResetPasswordFunction", Map.of("user", Map.of("email", email), "password", NEW_PASSWORD,
                "arguments", Map.of("answer", answer, "securityQuestion", "blue")));
    }

    static int login(String email, String password) {
        return given().contentType(ContentType.JSON).body(Map.of("strategy", "local", "email", email, "password", password))
                .post("/authentication").statusCode();
    }

    static HookStub.Call resetCall(String email) {
        List<HookStub.Call> calls = HOOK.callsFor(email).stream().filter(c -> c.purpose().equals("reset")).toList();
        assertThat(calls).isNotEmpty();
        return calls.get(calls.size() - 1);
    }

    static long outbox(String email, String type) {
        return Long.parseLong(Sql.column("select count(*) from outbox o join users u on o.aggregate_id = u.id "
                + "where u.email = ? and o.type = ?", email, "countersign.notification." + type + ".v1"));
    }

    @Test
    void successSetsThePasswordAndTheHookGetsTheArgumentsButNeverThePassword() {
        String email = account();
        resetByHook(email, "success").then().statusCode(200).body("email", equalTo(email));
        HookStub.Call call = resetCall(email);
        assertThat(call.payload().path("type").asText()).isEqualTo("countersign.reset");
        assertThat(call.data().path("arguments").path("securityQuestion").asText()).isEqualTo("blue");
        assertThat(call.body()).doesNotContain(NEW_PASSWORD);
        assertThat(call.tokenId()).isNotBlank();
        assertThat(login(email, NEW_PASSWORD)).isEqualTo(201);
        assertThat(login(email, PASSWORD)).isEqualTo(401);
        // the security notice goes out; no reset link or code is ever sent
        assertThat(outbox(email, "resetPwd")).isEqualTo(1);
        assertThat(outbox(email, "sendResetPwd")).isZero();
    }

    @Test
    void successOnCompatAnswersTheUser() {
        String email = account();
        compatReset(email, "success").then().statusCode(201).body("email", equalTo(email));
        assertThat(login(email, NEW_PASSWORD)).isEqualTo(201);
    }

    @Test
    void pendingGivesTheHookATokenThatResetsOnTheResourceApi() {
        String email = account();
        resetByHook(email, "pending").then().statusCode(202).body("status", equalTo("pending"))
                .body("message", equalTo("We sent you a text message."));
        assertThat(login(email, PASSWORD)).as("nothing changed yet").isEqualTo(201);
        HookStub.Call call = resetCall(email);
        given().contentType(ContentType.JSON).body(Map.of("tokenId", call.tokenId(), "token", call.token(), "password", NEW_PASSWORD))
                .post("/password/reset").then().statusCode(200);
        assertThat(login(email, NEW_PASSWORD)).isEqualTo(201);
    }

    @Test
    void pendingGivesTheHookATokenThatResetsOnCompat() {
        String email = account();
        compatReset(email, "pending").then().statusCode(201).body("status", equalTo("pending"));
        HookStub.Call call = resetCall(email);
        compat("resetPwdLong", Map.of("token", call.token(), "tokenId", call.tokenId(), "password", NEW_PASSWORD)).then()
                .statusCode(201).body("email", equalTo(email));
        assertThat(login(email, NEW_PASSWORD)).isEqualTo(201);
    }

    @Test
    void failRefusesWithTheHooksMessageOnBothSurfacesAndChangesNothing() {
        String email = account();
        resetByHook(email, "fail").then().statusCode(400).body("code", equalTo("hook_refused"))
                .body("detail", equalTo("This address is not on the guest list."));
        HookStub.Call call = resetCall(email);
        given().contentType(ContentType.JSON).body(Map.of("tokenId", call.tokenId(), "token", call.token(), "password", NEW_PASSWORD))
                .post("/password/reset").then().statusCode(400).body("code", equalTo("token_invalid"));
        compatReset(email, "fail").then().statusCode(400).body("errors.'$className'", equalTo("hookRefused"))
                .body("message", equalTo("This address is not on the guest list."));
        assertThat(login(email, PASSWORD)).isEqualTo(201);
    }

    @ParameterizedTest
    @CsvSource({ "slow, timeout", "500, status_500", "garbage, garbage" })
    void aFailingHookFailsClosedOnBothSurfaces(String answer, String outcome) {
        String email = account();
        resetByHook(email, answer).then().statusCode(503).header("Retry-After", not(equalTo(null)))
                .body("code", equalTo("hook_unavailable"));
        compatReset(email, answer).then().statusCode(503).header("Retry-After", not(equalTo(null))).body("name", equalTo("Unavailable"));
        assertThat(login(email, PASSWORD)).isEqualTo(201);
        assertThat(Sql.rows("select details->>'outcome' from audit_log a join users u on a.user_id = u.id "
                + "where u.email = ? and a.type = 'hook_called' and a.details->>'purpose' = 'reset'", email))
                .containsExactly(outcome, outcome);
        given().get("/q/metrics").then().statusCode(200).body(org.hamcrest.Matchers.containsString(
                "countersign_hook_calls_total{outcome=\"" + outcome + "\",purpose=\"reset\"}"));
    }

    @Test
    void anUnknownAccountAnswersLikePendingAndForgotIsOff() {
        String ghost = email("ghost");
        int before = HOOK.calls().size();
        resetByHook(ghost, "success").then().statusCode(202).body("status", equalTo("pending"));
        compatReset(ghost, "success").then().statusCode(201).body("status", equalTo("pending"));
        assertThat(HOOK.calls()).hasSize(before);
        given().contentType(ContentType.JSON).body(Map.of("email", ghost)).post("/password/forgot").then().statusCode(403)
                .body("code", equalTo("flow_disabled"));
        compat("sendResetPwd", Map.of("email", ghost)).then().statusCode(403).body("name", equalTo("Forbidden"));
    }

    @Test
    void aPasswordThePolicyRefusesNeverReachesTheHook() {
        String email = account();
        int before = HOOK.callsFor(email).size();
        given().contentType(ContentType.JSON).body(Map.of("email", email, "password", "short", "arguments", Map.of()))
                .post("/password/reset-by-hook").then().statusCode(400).body("code", equalTo("password_policy"));
        assertThat(HOOK.callsFor(email)).hasSize(before);
    }
}
