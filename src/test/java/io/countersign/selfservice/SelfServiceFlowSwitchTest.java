package io.countersign.selfservice;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;

import java.util.Map;

import org.junit.jupiter.api.Test;

import io.countersign.flowswitch.FlowsOffProfile;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.restassured.http.ContentType;

/**
 * Issue 17: a process whose stages run a switched-off flow answers 403 flow_disabled, like every other edge, before it
 * runs anything; a process whose stages run no switchable flow (username) still runs.
 */
@QuarkusTest
@TestProfile(FlowsOffProfile.class)
class SelfServiceFlowSwitchTest {

    @Test
    void aProcessThatRunsASwitchedOffFlowIsRefusedAsAWhole() {
        for (String process : new String[] { "reset", "registration", "phone-reset" }) {
            given().get("/selfservice/" + process).then().statusCode(403).contentType("application/problem+json")
                    .body("code", equalTo("flow_disabled"));
        }
        // the first stage of reset (userQuery) would take this input; the process never starts
        given().contentType(ContentType.JSON).body(Map.of("input", Map.of("email", "someone@example.com")))
                .post("/selfservice/reset?_action=submitRequirements").then().statusCode(403).body("code", equalTo("flow_disabled"));
        given().contentType(ContentType.JSON).body(Map.of("input", Map.of("accept", true)))
                .post("/selfservice/registration?_action=submitRequirements").then().statusCode(403)
                .body("code", equalTo("flow_disabled"));
    }

    @Test
    void aProcessOfNoSwitchableFlowRuns() {
        given().get("/selfservice/username").then().statusCode(200).body("type", equalTo("userQuery"));
    }

    @Test
    void theGenericPageSaysTheProcessIsNotOffered() {
        given().get("/pages/selfservice/reset").then().statusCode(403).contentType(containsString("text/html"))
                .body(containsString("not offer"));
        given().get("/pages/selfservice/username").then().statusCode(200).body(containsString("name=\"s.email\""));
    }
}
