package io.countersign.roles;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.sql.Connection;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;

import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.ObjectMapper;

import io.countersign.testing.OffContract;
import io.countersign.event.NotificationEvent;
import io.countersign.event.NotificationType;
import io.countersign.event.SecretBox;
import io.countersign.outbox.Outbox;
import io.countersign.testing.HealthProbe;
import io.countersign.testing.Infra;
import io.countersign.testing.KafkaOutage;
import io.countersign.testing.Mailbox;
import io.countersign.testing.RawKafka;
import io.countersign.testing.TestEvents;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.quarkus.vertx.VertxContextSupport;
import jakarta.inject.Inject;

/** The notifier role (profile {@code notifier} on top of {@code test}): consumes; no account API, no relay. */
@QuarkusTest
@TestProfile(NotifierRoleTest.NotifierRole.class)
class NotifierRoleTest {

    public static class NotifierRole implements QuarkusTestProfile {
        @Override
        public String getConfigProfile() {
            return "test,notifier";
        }
    }

    @Inject
    SecretBox box;
    @Inject
    ObjectMapper json;
    @Inject
    Outbox outbox;

    @Test
    @OffContract(value = "the notifier role serves no account API: nothing the document describes answers here",
            what = OffContract.Part.ALL)
    void doesNotServeTheAccountApiButKeepsOperationsEndpoints() {
        given().when().get("/test/ping").then().statusCode(404);
        given().when().post("/test/ping").then().statusCode(404);
        given().when().post("/users").then().statusCode(404);
        given().when().post("/authManagement").then().statusCode(404);
        given().when().get("/pages/verify/code").then().statusCode(404);
        given().when().get("/pages/assets/style.css").then().statusCode(404);
        given().when().get("/q/health/live").then().statusCode(200);
        given().when().get("/q/metrics").then().statusCode(200);
    }

    @Test
    void consumesAndDelivers() throws Exception {
        String email = TestEvents.uniqueEmail();
        NotificationEvent event = TestEvents.event(box, NotificationType.VERIFY_SIGNUP, TestEvents.emailRecipient(email, "en"),
                Map.of());
        RawKafka.sendCloudEvent(RawKafka.newId(), NotificationType.VERIFY_SIGNUP.cloudEventType(), event.userId(),
                json.writeValueAsString(event));
        Awaitility.await().atMost(Duration.ofSeconds(20)).until(() -> Mailbox.to(email).size() == 1);
    }

    /**
     * Issue 14 item 10: readiness hung for the whole broker outage. The notifier may be unready without its broker,
     * but it must say so within the probe's timeout (2 s in k8s/), and be ready again once the broker is back.
     */
    @Test
    void readinessAnswersWithinASecondWhileTheBrokerIsDown() throws Exception {
        Duration limit = Duration.ofSeconds(1);
        Awaitility.await().atMost(Duration.ofSeconds(30)).until(() -> HealthProbe.get("/q/health/ready", limit).status() == 200);
        try (KafkaOutage outage = KafkaOutage.begin()) {
            long until = System.nanoTime() + Duration.ofSeconds(10).toNanos();
            while (System.nanoTime() < until) {
                HealthProbe.get("/q/health/ready", limit);
                Thread.sleep(500);
            }
        }
        Awaitility.await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(500))
                .until(() -> HealthProbe.get("/q/health/ready", limit).status() == 200);
        assertEquals("off", HealthProbe.get("/q/health/ready", limit).check("Outbox backlog").path("data").path("relay").asText());
    }

    @Test
    void doesNotRelay() throws Throwable {
        NotificationEvent event = TestEvents.event(box, NotificationType.VERIFY_SIGNUP,
                TestEvents.emailRecipient(TestEvents.uniqueEmail(), "en"), Map.of());
        UUID id = VertxContextSupport.subscribeAndAwait(() -> Panache.withTransaction(
                () -> outbox.record(NotificationType.VERIFY_SIGNUP, event))).id;
        Thread.sleep(3_000);
        try (Connection c = Infra.postgres().connect(); var s = c.prepareStatement("select published_at from outbox where id = ?")) {
            s.setObject(1, id);
            var rs = s.executeQuery();
            rs.next();
            assertNull(rs.getObject(1), "the notifier role published an outbox row");
            // leave nothing behind for the relays of later test classes
            try (var delete = c.prepareStatement("delete from outbox where id = ?")) {
                delete.setObject(1, id);
                delete.executeUpdate();
            }
        }
    }
}
