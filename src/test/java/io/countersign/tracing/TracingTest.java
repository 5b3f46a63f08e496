package io.countersign.tracing;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;

import io.countersign.testing.Accounts;
import io.countersign.testing.InMemorySpans;
import io.countersign.testing.Infra;
import io.countersign.testing.KafkaProbe;
import io.countersign.testing.Mailbox;
import io.countersign.testing.TestEvents;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import jakarta.inject.Inject;

/**
 * One trace across both roles (api and notifier run in this JVM, as in production they run in two processes that
 * share only the database and Kafka): the request's server span → the relay's producer span (parent read from the
 * outbox row) → the notifier's consumer span (parent read from the Kafka {@code traceparent} header) → the SMTP send;
 * the trace id is in the log lines of both roles.
 */
@QuarkusTest
class TracingTest {

    @Inject
    InMemorySpans spans;

    @Test
    void oneTraceFromTheSignUpRequestThroughOutboxRelayKafkaAndNotifierToTheSmtpSend() throws Exception {
        String email = TestEvents.uniqueEmail();
        try (KafkaProbe probe = new KafkaProbe(Infra.kafka().bootstrapServers(), "countersign.notifications")) {
            given().contentType(ContentType.JSON).body(Map.of("email", email, "password", "violet tractor umbrella 47"))
                    .when().post("/users").then().statusCode(202);
            Awaitility.await().atMost(Duration.ofSeconds(20)).until(() -> Mailbox.to(email).size() == 1);
            String userId = Accounts.idOf(email);
            String stored = traceParentOfOutboxRow(userId);
            assertTrue(stored != null && stored.matches("00-[0-9a-f]{32}-[0-9a-f]{16}-[0-9a-f]{2}"), "the outbox row's trace context: " + stored);
            String traceId = stored.substring(3, 35);

            Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> find(traceId, SpanKind.CLIENT, "smtp send") != null);
            SpanData server = find(traceId, SpanKind.SERVER, "POST /users");
            SpanData producer = find(traceId, SpanKind.PRODUCER, "countersign.notifications publish");
            SpanData consumer = find(traceId, SpanKind.CONSUMER, "notifications process");
            SpanData send = find(traceId, SpanKind.CLIENT, "smtp send");
            assertTrue(server != null && producer != null && consumer != null, "spans of the trace: " + ofTrace(traceId));
            assertEquals(server.getSpanId(), stored.substring(36, 52), "the row records the request's span");
            assertEquals(server.getSpanId(), producer.getParentSpanId(), "relay under the request");
            assertEquals(producer.getSpanId(), consumer.getParentSpanId(), "notifier under the relay");
            assertEquals(consumer.getSpanId(), send.getParentSpanId(), "the send under the notifier");
            assertEquals(202L, server.getAttributes().asMap().entrySet().stream()
                    .filter(e -> e.getKey().getKey().equals("http.response.status_code")).findFirst().orElseThrow().getValue());

            KafkaProbe.Received record = probe.received().stream().filter(r -> userId.equals(r.header("ce_subject")))
                    .findFirst().orElseThrow();
            String header = record.header("traceparent");
            assertTrue(header != null && header.startsWith("00-" + traceId + "-" + producer.getSpanId() + "-"),
                    "the Kafka header names the relay's span: " + header);

            Awaitility.await().atMost(Duration.ofSeconds(5)).until(() -> logLines(traceId).stream()
                    .anyMatch(l -> l.contains("sent:email")));
            System.out.println("[tracing] log lines of trace " + traceId + ": " + logLines(traceId).size());
        }
    }

    @Test
    void continuesTheTraceOfACallerThatSendsATraceparent() {
        String traceId = UUID.randomUUID().toString().replace("-", "");
        String parent = UUID.randomUUID().toString().replace("-", "").substring(0, 16);
        given().contentType(ContentType.JSON).header("traceparent", "00-" + traceId + "-" + parent + "-01")
                .body(Map.of("email", TestEvents.uniqueEmail())).when().post("/password/forgot").then().statusCode(202);
        Awaitility.await().atMost(Duration.ofSeconds(5)).until(() -> find(traceId, SpanKind.SERVER, "POST /password/forgot") != null);
        assertEquals(parent, find(traceId, SpanKind.SERVER, "POST /password/forgot").getParentSpanId());
    }

    private SpanData find(String traceId, SpanKind kind, String name) {
        return ofTrace(traceId).stream().filter(s -> s.getKind() == kind && s.getName().equals(name)).findFirst().orElse(null);
    }

    private List<SpanData> ofTrace(String traceId) {
        return spans.finished().stream().filter(s -> s.getTraceId().equals(traceId)).toList();
    }

    private static List<String> logLines(String traceId) throws Exception {
        return Files.readAllLines(Path.of("target/quarkus-test.log")).stream().filter(l -> l.contains("traceId=" + traceId)).toList();
    }

    private static String traceParentOfOutboxRow(String userId) throws Exception {
        try (Connection c = Infra.postgres().connect();
                var s = c.prepareStatement("select trace_parent from outbox where aggregate_id = ?::uuid order by created_at limit 1")) {
            s.setString(1, userId);
            ResultSet rs = s.executeQuery();
            return rs.next() ? rs.getString(1) : null;
        }
    }
}
