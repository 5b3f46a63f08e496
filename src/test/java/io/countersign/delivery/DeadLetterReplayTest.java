package io.countersign.delivery;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.ObjectMapper;

import io.countersign.event.NotificationEvent;
import io.countersign.event.NotificationType;
import io.countersign.event.Recipient;
import io.countersign.event.SecretBox;
import io.countersign.testing.Infra;
import io.countersign.testing.KafkaProbe;
import io.countersign.testing.OffContract;
import io.countersign.testing.RawKafka;
import io.countersign.testing.SmsStub;
import io.countersign.testing.TestEvents;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import jakarta.inject.Inject;

/**
 * Issue 16 item 3: dead-lettered messages are replayed (one, by type, all) through the admin endpoint and the
 * command {@code bin/replay-dead-letters}, exactly once each; a second run replays nothing twice; nothing is sent twice.
 */
@QuarkusTest
class DeadLetterReplayTest {

    private static final Duration WAIT = Duration.ofSeconds(40);

    @Inject
    SecretBox box;
    @Inject
    ObjectMapper json;

    @Test
    void deadLettersAreReplayedOncePerMessageByIdByTypeAndAllSafeToRunTwice() throws Exception {
        String one = phone();
        String sameType = phone();
        String otherType = phone();
        String idOne = RawKafka.newId();
        String idSameType = RawKafka.newId();
        String idOtherType = RawKafka.newId();
        String admin = Admin.token();
        try (KafkaProbe dlq = new KafkaProbe(Infra.kafka().bootstrapServers(), "countersign.notifications.dlq")) {
            SmsStub.shared().answer(400);
            try {
                send(idOne, NotificationType.SEND_RESET_PWD, one);
                send(idSameType, NotificationType.SEND_RESET_PWD, sameType);
                send(idOtherType, NotificationType.PASSWORD_CHANGE, otherType);
                Awaitility.await().atMost(WAIT).until(() -> List.of(idOne, idSameType, idOtherType).stream()
                        .allMatch(id -> "dead_lettered".equals(state(admin, id))));
            } finally {
                SmsStub.shared().answer(200);
            }
            Awaitility.await().atMost(WAIT).until(() -> dlq.received().stream()
                    .filter(r -> List.of(idOne, idSameType, idOtherType).contains(r.header("ce_id"))).count() == 3);
        }
        assertThat(MessageLifecycleTest.message(admin, idOne).getString("message.reason"))
                .contains("SMS gateway rejected the message: 400");

        // one, by the endpoint; then again: nothing
        assertThat(replay(admin, Map.of("messageId", idOne)).getList("replayed")).containsExactly(idOne);
        Awaitility.await().atMost(WAIT).until(() -> "sent".equals(state(admin, idOne)));
        JsonPath again = replay(admin, Map.of("messageId", idOne));
        assertThat(again.getList("replayed")).isEmpty();
        assertEquals(1, again.getInt("skipped"));

        // by type, with the command: only that type
        String byType = command("--type", "passwordChange");
        assertThat(byType).contains(idOtherType).doesNotContain(idSameType).doesNotContain(idOne);
        Awaitility.await().atMost(WAIT).until(() -> "sent".equals(state(admin, idOtherType)));
        assertEquals("dead_lettered", state(admin, idSameType));

        // all, with the command, twice
        assertThat(command("--all")).contains(idSameType).doesNotContain(idOne).doesNotContain(idOtherType);
        Awaitility.await().atMost(WAIT).until(() -> "sent".equals(state(admin, idSameType)));
        assertThat(command("--all")).doesNotContain(idSameType).doesNotContain(idOne).doesNotContain(idOtherType);

        Thread.sleep(1_000);
        for (String phone : List.of(one, sameType, otherType)) {
            assertEquals(2, SmsStub.shared().requestsMentioning(phone).size(), phone + ": refused once, then sent once");
        }
        JsonPath history = MessageLifecycleTest.message(admin, idOne);
        assertEquals(1, history.getInt("message.replays"));
        assertThat(history.getList("history.state")).containsSubsequence("dead_lettered", "queued", "sending", "sent");
        assertThat(history.getString("history.find { it.state == 'queued' && it.detail != null }.detail"))
                .startsWith("replayed from the dead-letter topic by admin");
    }

    @Test
    @OffContract("a request without an access token, on purpose: it must answer 401")
    void aReplayNamesExactlyOneSelection() {
        String admin = Admin.token();
        given().auth().oauth2(admin).contentType(ContentType.JSON).body(Map.of("all", false)).post("/admin/messages/replay")
                .then().statusCode(400).body("code", org.hamcrest.Matchers.equalTo("invalid_request"));
        given().auth().oauth2(admin).contentType(ContentType.JSON).body(Map.of("type", "noSuchType"))
                .post("/admin/messages/replay").then().statusCode(400).body("code", org.hamcrest.Matchers.equalTo("invalid_request"));
        given().contentType(ContentType.JSON).body(Map.of("all", true)).post("/admin/messages/replay").then().statusCode(401);
    }

    private void send(String id, NotificationType type, String phone) throws Exception {
        NotificationEvent event = TestEvents.event(box, type, new Recipient(null, phone, "sms", "en", null), Map.of());
        RawKafka.sendCloudEvent(id, type.cloudEventType(), event.userId(), json.writeValueAsString(event));
    }

    private static String phone() {
        return "+49156" + (1_000_000 + (int) (Math.random() * 8_999_999));
    }

    private static String state(String admin, String id) {
        return given().auth().oauth2(admin).get("/admin/messages/" + id).then().extract().jsonPath().getString("message.state");
    }

    private static JsonPath replay(String admin, Map<String, Object> selection) {
        return given().auth().oauth2(admin).contentType(ContentType.JSON).body(selection).post("/admin/messages/replay")
                .then().statusCode(200).extract().jsonPath();
    }

    /** Runs bin/replay-dead-letters against this application, signing in as the administrator. */
    private static String command(String... args) throws IOException, InterruptedException {
        List<String> commandLine = new ArrayList<>(List.of("bin/replay-dead-letters"));
        commandLine.addAll(List.of(args));
        ProcessBuilder builder = new ProcessBuilder(commandLine).redirectErrorStream(true);
        builder.environment().put("COUNTERSIGN_URL", "http://localhost:" + RestAssured.port);
        builder.environment().put("COUNTERSIGN_ADMIN_EMAIL", Admin.EMAIL);
        builder.environment().put("COUNTERSIGN_ADMIN_PASSWORD", Admin.PASSWORD);
        Process process = builder.start();
        String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertEquals(0, process.exitValue(), out);
        assertThat(out).contains("\"replayed\"");
        return out;
    }
}
