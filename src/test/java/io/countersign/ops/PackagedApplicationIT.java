package io.countersign.ops;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItems;

import org.junit.jupiter.api.Test;

import io.countersign.testing.GeneratedSecretsResource;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusIntegrationTest;

/**
 * Smoke test of the packaged application ({@code target/quarkus-app/quarkus-run.jar}, production profile)
 * against the real PostgreSQL, Kafka broker and SMTP server of {@code InfraResource}, over HTTP.
 */
@QuarkusIntegrationTest
@WithTestResource(GeneratedSecretsResource.class)
class PackagedApplicationIT {

    @Test
    void bootsAgainstRealServicesAndReportsReady() {
        given().when().get("/q/health/ready")
                .then().statusCode(200)
                .body("status", equalTo("UP"))
                .body("checks.name", hasItems("Database", "SmallRye Reactive Messaging - readiness check", "Outbox backlog"))
                .body("checks.findAll { it.name == 'Database' }.status", hasItems("UP"))
                .body("checks.findAll { it.name == 'SmallRye Reactive Messaging - readiness check' }.status", hasItems("UP"));
    }

    @Test
    void servesLivenessAndTheOpenApiUi() {
        given().when().get("/q/health/live").then().statusCode(200).body("status", equalTo("UP"));
        given().when().get("/q/swagger-ui/").then().statusCode(200).body(containsString("swagger"));
    }
}
