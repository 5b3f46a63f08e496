package io.countersign.flowswitch;

import static io.restassured.RestAssured.given;

import java.util.Map;
import java.util.stream.Stream;

import org.junit.jupiter.params.provider.Arguments;

import io.restassured.http.ContentType;
import io.restassured.response.Response;

/** One request of each switchable flow, on each surface: the resource API, compat and the hosted pages. */
final class FlowRequests {

    static final String TOKEN = "AAAAAAAAAAAAAAAA.BBBBBBBBBBBBBBBBBBBBBBBB";
    static final String EMAIL = "switch@example.com";
    static final String PASSWORD = "violet tractor umbrella 47";

    private FlowRequests() {
    }

    /** flow, path, JSON body of the resource API. */
    static Stream<Arguments> api() {
        return Stream.of(
                Arguments.of("sign-up", "/users", Map.of("email", EMAIL, "password", PASSWORD)),
                Arguments.of("verify-link", "/verification/confirm", Map.of("token", TOKEN)),
                Arguments.of("verify-code", "/verification/confirm", Map.of("code", "123456", "email", EMAIL)),
                Arguments.of("resend", "/verification/resend", Map.of("email", EMAIL)),
                Arguments.of("resend", "/verification/retry", Map.of("email", EMAIL)),
                Arguments.of("reset", "/password/forgot", Map.of("email", EMAIL)),
                Arguments.of("reset", "/password/reset", Map.of("token", TOKEN, "password", PASSWORD)),
                Arguments.of("reset", "/password/reset-by-hook", Map.of("email", EMAIL, "password", PASSWORD)),
                Arguments.of("password-change", "/password/change", Map.of("currentPassword", PASSWORD, "newPassword", PASSWORD + "x")),
                Arguments.of("identity-change", "/identity/change", Map.of("password", PASSWORD, "email", "new-" + EMAIL)),
                Arguments.of("identity-change", "/identity/confirm", Map.of("token", TOKEN)),
                Arguments.of("identity-change", "/identity/revert", Map.of("token", TOKEN)),
                Arguments.of("login", "/terms/acceptance", Map.of("email", EMAIL, "password", PASSWORD, "termsVersion", "1")));
    }

    /** flow, compat action, value. */
    static Stream<Arguments> compat() {
        Map<String, Object> user = Map.of("email", EMAIL);
        return Stream.of(
                Arguments.of("resend", "resendVerifySignup", user),
                Arguments.of("resend", "retryCustomConfirmation", user),
                Arguments.of("verify-link", "verifySignupLong", TOKEN),
                Arguments.of("verify-link", "verifySignupSetPasswordLong", Map.of("token", TOKEN, "password", PASSWORD)),
                Arguments.of("verify-code", "verifySignupShort", Map.of("token", "123456", "user", user)),
                Arguments.of("verify-code", "verifySignupSetPasswordShort", Map.of("token", "123456", "user", user, "password", PASSWORD)),
                Arguments.of("reset", "sendResetPwd", user),
                Arguments.of("reset", "resetPwdLong", Map.of("token", TOKEN, "password", PASSWORD)),
                Arguments.of("reset", "resetPwdShort", Map.of("token", "123456", "user", user, "password", PASSWORD)),
                Arguments.of("reset", "callResetPasswordFunction", Map.of("user", user, "password", PASSWORD)),
                Arguments.of("password-change", "passwordChange", Map.of("user", user, "oldPassword", PASSWORD, "password", PASSWORD + "x")),
                Arguments.of("identity-change", "identityChange", Map.of("user", user, "password", PASSWORD, "changes", Map.of("email", "n-" + EMAIL))));
    }

    /** flow, page path (GET). */
    static Stream<Arguments> pages() {
        return Stream.of(
                Arguments.of("verify-link", "/pages/verify?token=" + TOKEN),
                Arguments.of("verify-code", "/pages/verify/code"),
                Arguments.of("resend", "/pages/verify/resend"),
                Arguments.of("reset", "/pages/reset?token=" + TOKEN),
                Arguments.of("reset", "/pages/reset/code"),
                Arguments.of("reset", "/pages/forgot"),
                Arguments.of("identity-change", "/pages/identity/confirm?token=" + TOKEN),
                Arguments.of("identity-change", "/pages/identity/revert?token=" + TOKEN));
    }

    static Response post(String path, Object body) {
        return given().contentType(ContentType.JSON).body(body).post(path);
    }

    static Response compat(String action, Object value) {
        return given().contentType(ContentType.JSON).body(Map.of("action", action, "value", value)).post("/authManagement");
    }

    static Response login() {
        return given().contentType(ContentType.JSON).body(Map.of("strategy", "local", "email", EMAIL, "password", PASSWORD))
                .post("/authentication");
    }
}
