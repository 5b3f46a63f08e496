package io.countersign.api;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import java.util.Set;

import org.junit.jupiter.api.Test;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;

/** The OpenAPI document names every status of the session and deletion endpoints (issue 14 items 6 and 7). */
@QuarkusTest
class AccountEndpointsOpenApiTest {

    /** Added to every operation by web/ApiDocument where they apply. */
    private static final Set<String> HTTP_LAYER = Set.of("406", "413", "415", "500", "503");

    @Test
    void everyStatusOfTheNewEndpointsIsDocumented() {
        JsonPath doc = given().accept("application/json").get("/q/openapi").then().statusCode(200).extract().jsonPath();
        assertStatuses(responses(doc, "/sessions", "get"), "200", "401");
        assertStatuses(responses(doc, "/sessions/{id}", "delete"), "204", "401", "404");
        assertStatuses(responses(doc, "/users/me", "delete"), "204", "400", "401");
        assertStatuses(responses(doc, "/admin/users/{id}", "delete"), "204", "401", "403", "404");
        assertThat(doc.getString("paths.'/sessions/{id}'.delete.responses.'404'.content.'application/problem+json'.schema.'$ref'"))
                .endsWith("/Problem");
        // OpenAPI 3.1 spells "nullable" as a type list with "null", 3.0 as nullable: true
        assertThat(doc.getString("components.schemas.Session.properties.userAgent.nullable") + " "
                + doc.getString("components.schemas.Session.properties.userAgent.type")).containsAnyOf("true", "null");
    }

    /** The endpoint's own statuses, and besides them only what the HTTP layer answers on every operation. */
    private static void assertStatuses(Map<String, Object> responses, String... own) {
        assertThat(responses).containsKeys(own);
        assertThat(responses.keySet()).allMatch(status -> List.of(own).contains(status) || HTTP_LAYER.contains(status),
                "a status of the endpoint or of the HTTP layer " + HTTP_LAYER);
    }

    private static Map<String, Object> responses(JsonPath doc, String path, String method) {
        return doc.getMap("paths.'" + path + "'." + method + ".responses");
    }
}
