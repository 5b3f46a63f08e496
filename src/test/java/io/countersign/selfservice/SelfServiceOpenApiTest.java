package io.countersign.selfservice;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;

/**
 * Issue 17: the OpenAPI document declares Retry-After on every 429 answer (the self-service submission's did not),
 * and the self-service operations name their flow_disabled 403.
 */
@QuarkusTest
class SelfServiceOpenApiTest {

    @Test
    @SuppressWarnings("unchecked")
    void every429DeclaresRetryAfter() {
        JsonPath doc = given().accept("application/json").get("/q/openapi").then().statusCode(200).extract().jsonPath();
        Map<String, Map<String, Object>> paths = doc.getMap("paths");
        List<String> missing = new ArrayList<>();
        paths.forEach((path, operations) -> operations.forEach((method, raw) -> {
            if (!(raw instanceof Map<?, ?> operation) || !(operation.get("responses") instanceof Map<?, ?> responses)) {
                return;
            }
            Object answer = responses.get("429");
            if (answer == null) {
                return;
            }
            Map<String, Object> response = (Map<String, Object>) answer;
            if (response.get("$ref") instanceof String ref) {
                response = doc.getMap("components.responses.'" + ref.substring(ref.lastIndexOf('/') + 1) + "'");
            }
            Map<String, Object> headers = (Map<String, Object>) response.get("headers");
            if (headers == null || !headers.containsKey("Retry-After")) {
                missing.add(method.toUpperCase() + " " + path);
            }
        }));
        assertThat(missing).as("429 answers without Retry-After").isEmpty();
        assertThat(doc.getString("paths.'/selfservice/{process}'.post.responses.'429'.headers.Retry-After.schema.type"))
                .contains("integer");
    }

    @Test
    void theSelfServiceOperationsNameFlowDisabled() {
        JsonPath doc = given().accept("application/json").get("/q/openapi").then().statusCode(200).extract().jsonPath();
        for (String method : new String[] { "get", "post" }) {
            assertThat(doc.getString("paths.'/selfservice/{process}'." + method + ".responses.'403'.'$ref'")).endsWith("/FlowDisabled");
        }
    }
}
