package io.countersign.admin;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import java.util.Set;

import org.junit.jupiter.api.Test;

import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.restassured.path.json.JsonPath;

/**
 * The OpenAPI document of the admin API: every operation takes either scheme (bearer JWT or API key), names exactly
 * its own statuses besides the HTTP layer's, and the schemes are declared. The tests' requests and answers are
 * validated against it besides (testing/ApiContract).
 */
@QuarkusTest
@TestProfile(AdminProfile.class)
class AdminOpenApiTest {

    private static final Set<String> HTTP_LAYER = Set.of("406", "413", "415", "500", "503");

    private static final Map<String, List<String>> OPERATIONS = Map.ofEntries(
            Map.entry("get /admin/users", List.of("200", "400", "401", "403")),
            Map.entry("get /admin/users/{id}", List.of("200", "401", "403", "404")),
            Map.entry("delete /admin/users/{id}", List.of("204", "401", "403", "404")),
            Map.entry("post /admin/users/{id}/verification", List.of("202", "400", "401", "403", "404")),
            Map.entry("post /admin/users/{id}/password-reset", List.of("202", "400", "401", "403", "404")),
            Map.entry("post /admin/users/{id}/unlock", List.of("204", "401", "403", "404")),
            Map.entry("get /admin/users/{id}/sessions", List.of("200", "401", "403", "404")),
            Map.entry("delete /admin/users/{id}/sessions", List.of("204", "401", "403", "404")),
            Map.entry("get /admin/users/{id}/challenges", List.of("200", "401", "403", "404")),
            Map.entry("delete /admin/users/{id}/challenges/{challengeId}", List.of("204", "401", "403", "404")),
            Map.entry("get /admin/users/{id}/audit", List.of("200", "401", "403", "404")),
            Map.entry("get /admin/compliance", List.of("200", "401", "403")),
            Map.entry("post /admin/keys", List.of("201", "400", "401", "403")),
            Map.entry("get /admin/keys", List.of("200", "401", "403")),
            Map.entry("delete /admin/keys/{id}", List.of("204", "401", "403", "404")),
            Map.entry("get /admin/users/{id}/messages", List.of("200", "401", "403", "404")),
            Map.entry("get /admin/messages/{id}", List.of("200", "401", "403", "404")),
            Map.entry("post /admin/messages/replay", List.of("200", "400", "401", "403")));

    @Test
    void everyAdminOperationIsDocumentedExactly() {
        JsonPath doc = given().accept("application/json").get("/q/openapi").then().statusCode(200).extract().jsonPath();
        assertThat(doc.getString("components.securitySchemes.apiKey.type")).isEqualTo("apiKey");
        assertThat(doc.getString("components.securitySchemes.apiKey.in")).isEqualTo("header");
        assertThat(doc.getString("components.securitySchemes.apiKey.name")).isEqualTo("X-Api-Key");
        assertThat(doc.getString("components.securitySchemes.bearer.scheme")).isEqualTo("bearer");
        Map<String, Object> paths = doc.getMap("paths");
        List<String> documented = paths.keySet().stream().filter(p -> p.startsWith("/admin"))
                .flatMap(p -> doc.getMap("paths.'" + p + "'").keySet().stream().map(m -> m + " " + p)).toList();
        assertThat(documented).containsExactlyInAnyOrderElementsOf(OPERATIONS.keySet());
        OPERATIONS.forEach((operation, own) -> {
            String[] mp = operation.split(" ");
            String at = "paths.'" + mp[1] + "'." + mp[0];
            Map<String, Object> responses = doc.getMap(at + ".responses");
            assertThat(responses).as(operation).containsKeys(own.toArray(String[]::new));
            assertThat(responses.keySet()).as(operation).allMatch(s -> own.contains(s) || HTTP_LAYER.contains(s));
            // two requirements: either scheme on its own
            assertThat(doc.getList(at + ".security")).as(operation)
                    .containsExactlyInAnyOrder(Map.of("bearer", List.of()), Map.of("apiKey", List.of()));
        });
        assertThat(doc.getString("components.schemas.NewApiKeyRequest.properties.scopes.items.'$ref'")).endsWith("/AdminScope");
        assertThat(doc.getString("components.schemas.AdminScope.enum")).contains("read", "write");
        assertThat(doc.getMap("components.schemas.AdminAccount.properties")).doesNotContainKeys("passwordHash", "password");
    }
}
