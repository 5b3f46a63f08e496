package io.countersign.roles;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.sql.Connection;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;

import org.awaitility.Awaitility;
import org.eclipse.microprofile.config.ConfigProvider;
import org.junit.jupiter.api.Test;

import io.countersign.event.NotificationEvent;
import io.countersign.event.NotificationType;
import io.countersign.event.SecretBox;
import io.countersign.outbox.Outbox;
import io.countersign.testing.Infra;
import io.countersign.testing.KafkaProbe;
import io.countersign.testing.Mailbox;
import io.countersign.testing.TestEvents;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.quarkus.vertx.VertxContextSupport;
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

    static boolean processed(UUID id) throws Exception {
        try (Connection c = Infra.postgres().connect(); var s = c.prepareStatement("select 1 from processed_events where event_id = ?")) {
            s.setObject(1, id);
            return s.executeQuery().next();
        }
    }
}
