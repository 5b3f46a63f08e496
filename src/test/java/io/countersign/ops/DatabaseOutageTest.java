package io.countersign.ops;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.hamcrest.Matchers.startsWith;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;

import io.countersign.testing.HealthProbe;
import io.countersign.testing.Infra;
import io.countersign.testing.TestEvents;
import io.quarkus.logging.Log;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.http.ContentType;
import io.restassured.response.ValidatableResponse;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;

/**
 * Issue 14 item 11: with PostgreSQL stopped, requests answered 500 {@code internal_error}. The application runs on a
 * PostgreSQL of its own, which this test stops: both surfaces answer 503 with {@code Retry-After} (problem+json
 * {@code unavailable}; the Feathers {@code Unavailable} envelope), and serve again once it is back, without a restart;
 * readiness answers at once throughout and is UP again within seconds.
 */
@QuarkusTest
@TestProfile(DatabaseOutageTest.OwnDatabase.class)
class DatabaseOutageTest {

    private static final String PASSWORD = "violet tractor umbrella 47";

    public static class OwnDatabase implements QuarkusTestProfile {
        @Override
        public List<TestResourceEntry> testResources() {
            return List.of(new TestResourceEntry(OwnPostgres.class));
        }
    }

    /** An embedded PostgreSQL on a fixed port and data directory, so that it can be stopped and started again. */
    public static class OwnPostgres implements QuarkusTestResourceLifecycleManager {

        private static Path directory;
        private static int port;
        private static EmbeddedPostgres postgres;

        @Override
        public Map<String, String> start() {
            try {
                directory = Files.createTempDirectory("countersign-outage-pg");
            } catch (java.io.IOException e) {
                throw new IllegalStateException(e);
            }
            postgres = Infra.openEmbeddedPostgres(directory, 0, true);
            port = postgres.getPort();
            return Infra.describe(postgres).quarkusConfig();
        }

        /** After the shared {@code InfraResource}, so that this database wins. */
        @Override
        public int order() {
            return 100;
        }

        @Override
        public void stop() {
            stopDatabase();
        }

        static synchronized void stopDatabase() {
            if (postgres != null) {
                try {
                    postgres.close();
                } catch (java.io.IOException e) {
                    throw new IllegalStateException(e);
                }
                postgres = null;
            }
        }

        static synchronized void startDatabase() {
            postgres = Infra.openEmbeddedPostgres(directory, port, true);
        }

        /** Connection facts of this database, while it runs. */
        static synchronized Infra.Postgres facts() {
            return Infra.describe(postgres);
        }
    }

    @Test
    void stoppedDatabaseAnswers503WithRetryAfterOnBothSurfacesThenRecovers() {
        signUp(TestEvents.uniqueEmail()).statusCode(202);
        OwnPostgres.stopDatabase();
        try {
            for (int i = 0; i < 3; i++) {
                signUp(TestEvents.uniqueEmail()).statusCode(503)
                        .header("Retry-After", equalTo("5"))
                        .contentType(startsWith("application/problem+json"))
                        .body("status", equalTo(503)).body("code", equalTo("unavailable"));
                given().contentType(ContentType.JSON)
                        .body(Map.of("action", "resendVerifySignup", "value", Map.of("email", TestEvents.uniqueEmail())))
                        .post("/authManagement").then().statusCode(503)
                        .header("Retry-After", equalTo("5"))
                        .body("name", equalTo("Unavailable")).body("code", equalTo(503)).body("className", equalTo("unavailable"));
                given().contentType(ContentType.JSON)
                        .body(Map.of("strategy", "local", "email", TestEvents.uniqueEmail(), "password", PASSWORD))
                        .post("/authentication").then().statusCode(503)
                        .header("Retry-After", equalTo("5"))
                        .body("name", equalTo("Unavailable")).body("className", equalTo("unavailable"));
            }
        } finally {
            OwnPostgres.startDatabase();
        }
        Awaitility.await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(500))
                .until(() -> signUp(TestEvents.uniqueEmail()).extract().statusCode() == 202);
        given().contentType(ContentType.JSON)
                .body(Map.of("action", "resendVerifySignup", "value", Map.of("email", TestEvents.uniqueEmail())))
                .post("/authManagement").then().statusCode(201);
    }

    /**
     * Issue 14 item 12: readiness stayed DOWN for 35-50 s after a PostgreSQL restart, because of Quarkus' check on the
     * JDBC pool that only Flyway uses. Readiness now looks at the reactive pool every role uses: during the outage it
     * answers within a second (503), and it is UP again within seconds of the restart.
     */
    @Test
    void readinessAnswersDuringTheOutageAndIsBackSoonAfterARestart() {
        Duration limit = Duration.ofSeconds(1);
        Awaitility.await().atMost(Duration.ofSeconds(30)).ignoreExceptions()
                .until(() -> HealthProbe.get("/q/health/ready", limit).status() == 200);
        OwnPostgres.stopDatabase();
        long restarted;
        try {
            for (int i = 0; i < 3; i++) {
                assertEquals(503, HealthProbe.get("/q/health/ready", limit).status());
            }
        } finally {
            OwnPostgres.startDatabase();
            restarted = System.nanoTime();
        }
        Awaitility.await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(500))
                .until(() -> HealthProbe.get("/q/health/ready", limit).status() == 200);
        Log.infof("Readiness UP %d ms after PostgreSQL was back", (System.nanoTime() - restarted) / 1_000_000);
    }

    private static ValidatableResponse signUp(String email) {
        return given().contentType(ContentType.JSON).body(Map.of("email", email, "password", PASSWORD)).post("/users").then();
    }
}
