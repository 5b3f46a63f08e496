package io.countersign.flowswitch;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.hasItems;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.equalTo;

import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import io.countersign.testing.OffContract;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;

/**
 * The same requests as {@link FlowSwitchesOffTest} with every flow on (the default): none answers flow_disabled,
 * except the hook variants, which the default e-mail methods do not offer; options list every e-mail action.
 */
@QuarkusTest
@OffContract("some of the requests go without a bearer token, or with tokens of no account")
class FlowSwitchesOnTest {

    @ParameterizedTest(name = "{0}: POST {1}")
    @MethodSource("io.countersign.flowswitch.FlowRequests#api")
    void theResourceApiServesEveryFlow(String flow, String path, Map<String, Object> body) {
        Response r = FlowRequests.post(path, body);
        if (path.equals("/verification/retry") || path.equals("/password/reset-by-hook")) {
            // the hook variants: off with the default e-mail methods, with the message saying what to use instead
            r.then().statusCode(403).body("code", equalTo("flow_disabled")).body("detail", org.hamcrest.Matchers.containsString("use POST"));
        } else {
            r.then().statusCode(not(equalTo(403)));
        }
    }

    @ParameterizedTest(name = "{0}: {1}")
    @MethodSource("io.countersign.flowswitch.FlowRequests#compat")
    void compatServesEveryFlow(String flow, String action, Object value) {
        Response r = FlowRequests.compat(action, value);
        if (action.equals("retryCustomConfirmation") || action.equals("callResetPasswordFunction")) {
            r.then().statusCode(403).body("name", equalTo("Forbidden"));
        } else {
            // passwordChange and identityChange need a token: 401, not 403
            r.then().statusCode(not(equalTo(403)));
        }
    }

    @ParameterizedTest(name = "{0}: GET {1}")
    @MethodSource("io.countersign.flowswitch.FlowRequests#pages")
    void thePagesOfferEveryFlow(String flow, String path) {
        given().redirects().follow(false).get(path).then().statusCode(not(equalTo(403)));
    }

    @Test
    void loginAndOptions() {
        FlowRequests.login().then().statusCode(not(equalTo(403)));
        FlowRequests.post("/authManagement", Map.of("action", "options")).then().statusCode(201)
                .body("actions", hasItems("checkUnique", "resendVerifySignup", "verifySignupLong", "verifySignupShort",
                        "verifySignupSetPasswordLong", "verifySignupSetPasswordShort", "sendResetPwd", "resetPwdLong",
                        "resetPwdShort", "passwordChange", "identityChange", "options"))
                .body("actions", not(hasItems("retryCustomConfirmation"))).body("actions", not(hasItems("callResetPasswordFunction")))
                .body("loginEnabled", equalTo(true)).body("confirmationMethod", equalTo("email"));
    }
}
