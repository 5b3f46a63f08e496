package io.countersign.compat;

import static io.countersign.compat.CompatFixtures.post;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.emptyString;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import java.util.Set;

import org.junit.jupiter.api.Test;

import io.countersign.testing.OffContract;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;

/** docs/compat.md §1.4: how POST /authManagement treats the body and the HTTP method, whatever the action. */
@QuarkusTest
class AuthManagementTransportTest {

    @Test
    @OffContract("an unknown action")
    void unknownActionIsRejectedWithBadParams() {
        Feathers.badParams(post(Map.of("action", "nope")), "Action 'nope' is invalid.");
    }

    @Test
    @OffContract("an array body and unsupported methods")
    void errorBodyIsByteForByteTheReferencesBody() {
        // captured from feathers-authentication-management 5.1.0 (shared/peer) for the same request
        assertEquals("{\"name\":\"BadRequest\",\"message\":\"Action 'nope' is invalid.\",\"code\":400,\"className\":\"bad-request\","
                + "\"data\":{},\"errors\":{\"$className\":\"badParams\"}}", post(Map.of("action", "nope")).asString());
        assertEquals("{\"name\":\"MethodNotAllowed\",\"message\":\"authManagement does not handle multiple entries\",\"code\":405,"
                + "\"className\":\"method-not-allowed\"}", post("[{\"action\":\"options\"}]").asString());
        assertEquals("{\"name\":\"MethodNotAllowed\",\"message\":\"Method `find` is not supported by this endpoint.\",\"code\":405,"
                + "\"className\":\"method-not-allowed\"}", given().get("/authManagement").asString());
    }

    @Test
    @OffContract("no action")
    void missingActionReadsAsUndefined() {
        Feathers.badParams(post(Map.of()), "Action 'undefined' is invalid.");
    }

    @Test
    @OffContract("an empty body")
    void emptyBodyReadsAsUndefinedAction() {
        Feathers.badParams(given().contentType(ContentType.JSON).body("").post("/authManagement"), "Action 'undefined' is invalid.");
    }

    @Test
    @OffContract("a non-string action")
    void nonStringActionIsEchoedAsJavaScriptPrintsIt() {
        Feathers.badParams(post("{\"action\":5}"), "Action '5' is invalid.");
        Feathers.badParams(post("{\"action\":null}"), "Action 'null' is invalid.");
        Feathers.badParams(post("{\"action\":{\"a\":1}}"), "Action '[object Object]' is invalid.");
    }

    @Test
    @OffContract("a huge unknown action")
    void hugeActionIsShortenedInTheMessage() {
        String huge = "x".repeat(20_000);
        Map<String, Object> body = Feathers.json(post(Map.of("action", huge)), 400);
        assertTrue(((String) body.get("message")).length() < 200, "message is short");
    }

    @Test
    @OffContract("a misspelt action")
    void actionNamesAreCaseSensitive() {
        Feathers.badParams(post(Map.of("action", "CHECKUNIQUE", "value", Map.of())), "Action 'CHECKUNIQUE' is invalid.");
    }

    @Test
    @OffContract("an array body")
    void arrayBodyIsMethodNotAllowed() {
        Feathers.error(post(List.of(Map.of("action", "checkUnique", "value", Map.of()))), 405, "MethodNotAllowed",
                "method-not-allowed", "authManagement does not handle multiple entries");
    }

    @Test
    @OffContract("malformed JSON")
    void malformedJsonIsBadRequestNotServerError() {
        Feathers.badParams(post("{\"action\": \"checkUnique\", "), "The request body is not valid JSON.");
        Feathers.badParams(post("{'action':'options'}"), "The request body is not valid JSON.");
    }

    @Test
    @OffContract("a scalar body")
    void scalarJsonBodyIsBadRequest() {
        Feathers.badParams(post("\"options\""), "The request body must be a JSON object.");
        Feathers.badParams(post("42"), "The request body must be a JSON object.");
    }

    @Test
    @OffContract("deeply nested JSON")
    void deeplyNestedJsonIsBadRequest() {
        String deep = "{\"action\":\"checkUnique\",\"value\":" + "[".repeat(5000) + "]".repeat(5000) + "}";
        Feathers.json(post(deep), 400);
    }

    /** Refused by the HTTP layer, but still in the Feathers envelope, as every compat failure. */
    @Test
    @OffContract("an oversize body")
    void bodyOverTheSizeLimitIsRefusedBeforeParsingInTheFeathersEnvelope() {
        String big = "{\"action\":\"checkUnique\",\"value\":{\"email\":\"" + "a".repeat(70 * 1024) + "\"}}";
        Feathers.error(post(big), 413, "PayloadTooLarge", "payload-too-large",
                "The request body is larger than the server accepts.");
        Feathers.error(given().contentType(ContentType.JSON).body(big).post("/authentication"), 413, "PayloadTooLarge",
                "payload-too-large", "The request body is larger than the server accepts.");
        // the resource API keeps its problem+json
        given().contentType(ContentType.JSON).body(big).post("/password/forgot").then().statusCode(413)
                .contentType("application/problem+json").body("code", equalTo("payload_too_large"));
    }

    @Test
    @OffContract("a body without a JSON content type")
    void bodyWithoutJsonContentTypeIsStillRead() {
        Feathers.json(given().contentType(ContentType.TEXT).body("{\"action\":\"options\"}").post("/authManagement"), 201);
    }

    @Test
    void findIsMethodNotAllowed() {
        Feathers.error(given().get("/authManagement"), 405, "MethodNotAllowed", "method-not-allowed",
                "Method `find` is not supported by this endpoint.");
    }

    @Test
    void getUpdatePatchRemoveAreMethodNotAllowed() {
        Feathers.error(given().get("/authManagement/1"), 405, "MethodNotAllowed", "method-not-allowed",
                "Method `get` is not supported by this endpoint.");
        Feathers.error(given().contentType(ContentType.JSON).body("{}").put("/authManagement/1"), 405, "MethodNotAllowed",
                "method-not-allowed", "Method `update` is not supported by this endpoint.");
        Feathers.error(given().contentType(ContentType.JSON).body("{}").patch("/authManagement/1"), 405, "MethodNotAllowed",
                "method-not-allowed", "Method `patch` is not supported by this endpoint.");
        Feathers.error(given().delete("/authManagement/1"), 405, "MethodNotAllowed", "method-not-allowed",
                "Method `remove` is not supported by this endpoint.");
    }

    @Test
    void updatePatchRemoveWithoutIdAreMethodNotAllowed() {
        Feathers.error(given().contentType(ContentType.JSON).body("{}").put("/authManagement"), 405, "MethodNotAllowed",
                "method-not-allowed", "Method `update` is not supported by this endpoint.");
        Feathers.error(given().contentType(ContentType.JSON).body("{}").patch("/authManagement"), 405, "MethodNotAllowed",
                "method-not-allowed", "Method `patch` is not supported by this endpoint.");
        Feathers.error(given().delete("/authManagement"), 405, "MethodNotAllowed", "method-not-allowed",
                "Method `remove` is not supported by this endpoint.");
    }

    @Test
    void optionsPublishesOnlyClientRelevantSettings() {
        Map<String, Object> options = Feathers.json(post(Map.of("action", "options")), 201);
        assertEquals(Set.of("service", "path", "identifyUserProps", "shortTokenLen", "shortTokenDigits", "delay", "resetDelay",
                "resetAttempts", "reuseResetToken", "skipIsVerifiedCheck", "passwordField", "enumerationProtection", "actions",
                "confirmationMethod", "loginEnabled"), options.keySet());
        assertEquals("email", options.get("confirmationMethod"));
        assertEquals(true, options.get("loginEnabled"));
        assertEquals(List.of("email", "phone", "username"), options.get("identifyUserProps"));
        assertEquals(6, options.get("shortTokenLen"));
        assertEquals(86_400_000, ((Number) options.get("delay")).intValue());
        assertEquals(3_600_000, ((Number) options.get("resetDelay")).intValue());
        assertEquals(4, options.get("resetAttempts"), "5 attempts = 4 tolerated wrong guesses in the reference's terms");
        assertEquals(true, options.get("enumerationProtection"));
        String raw = post(Map.of("action", "options")).asString().toLowerCase();
        assertTrue(!raw.contains("key") && !raw.contains("secret") && !raw.contains("hmac"), raw);
    }

    @Test
    void optionsIgnoresAnyValue() {
        Feathers.json(post(Map.of("action", "options", "value", List.of(1, 2))), 201);
    }

    @Test
    void checkUniqueSuccessHasNoBodyAndNoContentType() {
        post(Map.of("action", "checkUnique", "value", Map.of("email", "free-" + System.nanoTime() + "@example.com")))
                .then().statusCode(204).body(emptyString());
    }
}
