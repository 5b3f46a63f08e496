package io.countersign.api;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;

import org.junit.jupiter.api.Test;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;

/** The OpenAPI document names every status of the session and deletion endpoints (issue 14 items 6 and 7). */
@QuarkusTest
class AccountEndpointsOpenApiTest {

    @Test
    void everyStatusOfTheNewEndpointsIsDocumented() {
        JsonPath doc = given().accept("application/json").get("/q/openapi").then().statusCode(200).extract().jsonPath();
        assertThat(responses(doc, "/sessions", "get")).containsOnlyKeys("200", "401");
        assertThat(responses(doc, "/sessions/{id}", "delete")).containsOnlyKeys("204", "401", "404");
        assertThat(responses(doc, "/users/me", "delete")).containsOnlyKeys("204", "400", "401");
        assertThat(responses(doc, "/admin/users/{id}", "delete")).containsOnlyKeys("204", "401", "403", "404");
        assertThat(doc.getString("paths.'/sessions/{id}'.delete.responses.'404'.content.'application/problem+json'.schema.'$ref'"))
                .endsWith("/Problem");
        // OpenAPI 3.1 spells "nullable" as a type list with "null", 3.0 as nullable: true
        assertThat(doc.getString("components.schemas.Session.properties.userAgent.nullable") + " "
                + doc.getString("components.schemas.Session.properties.userAgent.type")).containsAnyOf("true", "null");
    }

    private static Map<String, Object> responses(JsonPath doc, String path, String method) {
        return doc.getMap("paths.'" + path + "'." + method + ".responses");
    }
}
