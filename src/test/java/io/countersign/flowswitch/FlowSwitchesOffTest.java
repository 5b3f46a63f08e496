package io.countersign.flowswitch;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.equalTo;

import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import io.countersign.testing.OffContract;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;

/**
 * Every flow switched off: each answers 403 flow_disabled on the resource API (problem+json), 403 Forbidden on compat
 * (Feathers envelope), its pages say it is not offered, and the compat options list none of its actions.
 */
@QuarkusTest
@TestProfile(FlowsOffProfile.class)
@OffContract("switched-off operations are refused before their token or body is looked at: some go without a bearer token")
class FlowSwitchesOffTest {

    @ParameterizedTest(name = "{0}: POST {1}")
    @MethodSource("io.countersign.flowswitch.FlowRequests#api")
    void theResourceApiRefusesASwitchedOffFlow(String flow, String path, Map<String, Object> body) {
        FlowRequests.post(path, body).then().statusCode(403).contentType("application/problem+json")
                .body("code", equalTo("flow_disabled")).body("detail", containsString("does not offer"));
    }

    @ParameterizedTest(name = "{0}: {1}")
    @MethodSource("io.countersign.flowswitch.FlowRequests#compat")
    void compatRefusesASwitchedOffFlowInTheFeathersEnvelope(String flow, String action, Object value) {
        FlowRequests.compat(action, value).then().statusCode(403).contentType("application/json; charset=utf-8")
                .body("name", equalTo("Forbidden")).body("className", equalTo("forbidden")).body("code", equalTo(403))
                .body("message", containsString("does not offer"));
    }

    @ParameterizedTest(name = "{0}: GET {1}")
    @MethodSource("io.countersign.flowswitch.FlowRequests#pages")
    void thePagesSayTheFlowIsNotOffered(String flow, String path) {
        String html = given().redirects().follow(false).get(path).then().statusCode(403).contentType(containsString("text/html"))
                .extract().asString();
        assertThat(html).contains("Not available here").doesNotContain("<form method=\"post\" action=\"/pages/");
    }

    @Test
    void theDonePagesStayAndTheOffPageLinksNowhere() {
        given().get("/pages/verify/done").then().statusCode(200);
        given().get("/pages/reset/done").then().statusCode(200);
        String off = given().get("/pages/verify/code").then().statusCode(403).extract().asString();
        assertThat(off).doesNotContain("href=\"/pages/verify").doesNotContain("href=\"/pages/forgot");
    }

    @Test
    void loginWithAPasswordIsRefused() {
        FlowRequests.login().then().statusCode(403).body("name", equalTo("Forbidden")).body("message", containsString("login"));
    }

    @Test
    void optionsListOnlyTheActionsThatAreAlwaysOffered() {
        FlowRequests.post("/authManagement", Map.of("action", "options")).then().statusCode(201)
                .body("actions", contains("checkUnique", "options")).body("loginEnabled", equalTo(false));
    }

    @Test
    void checkUniqueStaysOn() {
        FlowRequests.compat("checkUnique", Map.of("email", "free-" + System.nanoTime() + "@example.com")).then().statusCode(204);
    }
}
