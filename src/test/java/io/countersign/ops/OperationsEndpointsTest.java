package io.countersign.ops;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.hasItems;
import static org.hamcrest.Matchers.not;

import org.junit.jupiter.api.Test;

import io.quarkus.test.junit.QuarkusTest;

@QuarkusTest
class OperationsEndpointsTest {

    @Test
    void readinessReportsDatabaseConsumerAndOutboxUp() {
        // Kafka is seen through the consumer channel's check (answers at once), not Quarkus' admin-client check
        // (waits without a limit while the broker is down); see roles/ApiRoleTest and NotifierRoleTest. The database
        // through the reactive pool (health/DatabaseHealth), not the Flyway-only JDBC pool; see ops/DatabaseOutageTest
        given().when().get("/q/health/ready")
                .then().statusCode(200)
                .body("status", equalTo("UP"))
                .body("checks.name", hasItems("Database",
                        "SmallRye Reactive Messaging - readiness check", "Outbox backlog"))
                .body("checks.name", not(hasItem("Kafka connection health check")))
                .body("checks.name", not(hasItem("Database connections health check")));
    }

    @Test
    void livenessIsUp() {
        given().when().get("/q/health/live").then().statusCode(200).body("status", equalTo("UP"));
    }

    @Test
    void openApiDocumentIsServed() {
        given().accept("application/json").when().get("/q/openapi")
                .then().statusCode(200).body("info.title", equalTo("Countersign"));
    }

    @Test
    void swaggerUiIsServed() {
        given().when().get("/q/swagger-ui/").then().statusCode(200).body(containsString("swagger"));
    }

    @Test
    void prometheusMetricsAreServed() {
        given().when().get("/q/metrics").then().statusCode(200).body(containsString("jvm_memory_used_bytes"));
    }
}
