package io.countersign.roles;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.sql.Connection;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.awaitility.Awaitility;
import org.eclipse.microprofile.config.ConfigProvider;
import org.junit.jupiter.api.Test;

import io.countersign.event.NotificationEvent;
import io.countersign.event.NotificationType;
import io.countersign.event.SecretBox;
import io.countersign.outbox.Outbox;
import io.countersign.testing.Accounts;
import io.countersign.testing.HealthProbe;
import io.countersign.testing.Infra;
import io.countersign.testing.KafkaOutage;
import io.countersign.testing.KafkaProbe;
import io.countersign.testing.Mailbox;
import io.countersign.testing.Sql;
import io.countersign.testing.TestEvents;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.quarkus.vertx.VertxContextSupport;
import io.restassured.http.ContentType;
import jakarta.inject.Inject;

/** The api role (profile {@code api} on top of {@code test}): serves the API and relays, but never consumes. */
@QuarkusTest
@TestProfile(ApiRoleTest.ApiRole.class)
class ApiRoleTest {

    public static class ApiRole implements QuarkusTestProfile {
        @Override
        public String getConfigProfile() {
            return "test,api";
        }
    }

    @Inject
    Outbox outbox;
    @Inject
    SecretBox box;

    @Test
    void servesTheApiAndPublishesButDoesNotConsume() throws Throwable {
        assertTrue(ConfigProvider.getConfig().getValue("countersign.role", String.class).equals("api"));
        given().when().get("/test/ping").then().statusCode(200).body(equalTo("pong"));
        String email = TestEvents.uniqueEmail();
        NotificationEvent event = TestEvents.event(box, NotificationType.SEND_RESET_PWD, TestEvents.emailRecipient(email, "en"),
                Map.of());
        try (KafkaProbe probe = new KafkaProbe(Infra.kafka().bootstrapServers(), "countersign.notifications")) {
            UUID id = VertxContextSupport.subscribeAndAwait(() -> Panache.withTransaction(
                    () -> outbox.record(NotificationType.SEND_RESET_PWD, event))).id;
            Awaitility.await().atMost(Duration.ofSeconds(10))
                    .until(() -> probe.received().stream().anyMatch(r -> id.toString().equals(r.header("ce_id"))));
            // a consumer would have joined and delivered by now (it does within ~3 s in the other tests)
            Thread.sleep(6_000);
            assertTrue(Mailbox.to(email).isEmpty(), "the api role sent an email");
            assertFalse(processed(id), "the api role recorded a processed event");
        }
    }

    /**
     * Issue 14 item 10: Quarkus' Kafka check hung readiness for the whole outage. With the broker stopped, readiness
     * answers 200 within a second, every time, while a sign-up commits and its event waits in the outbox (reported
     * as the backlog); the event goes out once the broker is back.
     */
    @Test
    void readinessStaysUpAndSignUpsCommitWhileTheBrokerIsDown() throws Exception {
        Duration limit = Duration.ofSeconds(1);
        assertEquals(200, HealthProbe.get("/q/health/ready", limit).status());
        String email = TestEvents.uniqueEmail();
        String userId;
        try (KafkaOutage outage = KafkaOutage.begin()) {
            given().contentType(ContentType.JSON).body(Map.of("email", email, "password", "violet tractor umbrella 47"))
                    .post("/users").then().statusCode(202);
            userId = Accounts.idOf(email);
            long backlog = 0;
            long until = System.nanoTime() + Duration.ofSeconds(15).toNanos();
            while (System.nanoTime() < until) {
                HealthProbe.Answer ready = HealthProbe.get("/q/health/ready", limit);
                assertEquals(200, ready.status(), ready.body().toString());
                backlog = Math.max(backlog, ready.check("Outbox backlog").path("data").path("unpublished").asLong());
                Thread.sleep(500);
            }
            assertTrue(backlog >= 1, "the readiness detail never showed the waiting event");
            assertEquals(List.of("unpublished"), Sql.rows("select coalesce(published_at::text, 'unpublished') from outbox"
                    + " where aggregate_id = ?::uuid", userId));
        }
        Awaitility.await().atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofMillis(500))
                .until(() -> Sql.column("select published_at::text from outbox where aggregate_id = ?::uuid", userId) != null);
        assertNotNull(Sql.column("select id::text from users where id = ?::uuid and email = ?", userId, email));
        given().when().get("/q/metrics").then().statusCode(200)
                .body(containsString("countersign_outbox_unpublished"))
                .body(containsString("countersign_outbox_oldest_age_seconds"));
    }

    static boolean processed(UUID id) throws Exception {
        try (Connection c = Infra.postgres().connect(); var s = c.prepareStatement("select 1 from processed_events where event_id = ?")) {
            s.setObject(1, id);
            return s.executeQuery().next();
        }
    }
}
