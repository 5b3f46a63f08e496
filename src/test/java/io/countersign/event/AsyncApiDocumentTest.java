package io.countersign.event;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import com.networknt.schema.Error;
import com.networknt.schema.InputFormat;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaLocation;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SpecificationVersion;

import io.countersign.outbox.Outbox;
import io.countersign.testing.Infra;
import io.countersign.testing.KafkaProbe;
import io.countersign.testing.TestEvents;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.quarkus.vertx.VertxContextSupport;
import jakarta.inject.Inject;

/**
 * docs/events/asyncapi.yaml: a strictly parsed, valid AsyncAPI 3.0.0 document (against the specification's own JSON
 * Schema), whose every {@code $ref} resolves, that describes every notification type of the code, and that the real
 * events of the application match: headers and payload of every type as the relay publishes them.
 */
@QuarkusTest
class AsyncApiDocumentTest {

    static final Path DOCUMENT = Path.of("docs/events/asyncapi.yaml");
    static final Path DATA_SCHEMA = Path.of("docs/events/notification-event.v1.schema.json");
    /** Where the document sits beside the data schema: the base its relative references resolve against. */
    static final String BASE = "https://countersign.io/schemas/";
    static final String TOPIC = "countersign.notifications";

    private static final ObjectMapper JSON = new ObjectMapper();

    @Inject
    Outbox outbox;
    @Inject
    SecretBox box;

    static JsonNode document() throws IOException {
        YAMLMapper yaml = YAMLMapper.builder(new YAMLFactory()).enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION).build();
        return yaml.readTree(DOCUMENT.toFile());
    }

    @Test
    void isAValidAsyncApi3Document() throws IOException {
        JsonNode document = document();
        assertEquals("3.0.0", document.path("asyncapi").asText());
        Schema asyncApi = SchemaRegistry.withDefaultDialect(SpecificationVersion.DRAFT_7).getSchema(
                getClass().getResourceAsStream("/asyncapi/asyncapi-3.0.0.schema.json"), InputFormat.JSON);
        List<Error> errors = asyncApi.validate(document);
        assertTrue(errors.isEmpty(), "not valid AsyncAPI 3.0.0: " + errors);

        ObjectNode broken = document.deepCopy();
        ((ObjectNode) broken.get("channels").get("notifications")).put("adress", "typo");
        assertFalse(asyncApi.validate(broken).isEmpty(), "the validation catches an unknown field");
    }

    @Test
    void everyReferenceResolves() throws IOException {
        JsonNode document = document();
        Map<String, JsonNode> files = Map.of("", document, DATA_SCHEMA.getFileName().toString(), JSON.readTree(DATA_SCHEMA.toFile()));
        List<String> references = new ArrayList<>();
        collect(document, references);
        assertTrue(references.size() > 50, "references found: " + references.size());
        for (String reference : new HashSet<>(references)) {
            int hash = reference.indexOf('#');
            String file = hash < 0 ? reference : reference.substring(0, hash);
            String pointer = hash < 0 ? "" : reference.substring(hash + 1);
            JsonNode target = files.get(file);
            assertTrue(target != null, "a reference to an unknown file: " + reference);
            assertFalse(target.at(pointer).isMissingNode(), "a reference that resolves to nothing: " + reference);
        }
    }

    @Test
    void describesEveryTypeOfTheCodeOnTheTopic() throws IOException {
        JsonNode document = document();
        assertEquals(TOPIC, document.at("/channels/notifications/address").asText());
        Set<String> messages = new HashSet<>();
        document.at("/components/messages").fieldNames().forEachRemaining(messages::add);
        Set<String> channelMessages = new HashSet<>();
        document.at("/channels/notifications/messages").fieldNames().forEachRemaining(channelMessages::add);
        Set<String> types = java.util.Arrays.stream(NotificationType.values()).map(NotificationType::wireName).collect(Collectors.toSet());
        assertEquals(types, messages);
        assertEquals(types, channelMessages);
        for (NotificationType type : NotificationType.values()) {
            JsonNode message = document.at("/components/messages/" + type.wireName());
            assertEquals(type.cloudEventType(), message.at("/headers/allOf/1/properties/ce_type/const").asText());
            assertEquals(type.wireName(), message.at("/payload/allOf/1/properties/notificationType/const").asText());
            assertEquals(type.carriesSecret(), message.at("/payload/allOf/1/required").toString().contains("secret"),
                    type.wireName() + ": secret required exactly for the types that carry one");
        }
    }

    @Test
    void realEventsOfEveryTypeMatchTheirMessage() throws Throwable {
        SchemaRegistry registry = registry();
        try (KafkaProbe probe = new KafkaProbe(Infra.kafka().bootstrapServers(), TOPIC)) {
            Map<String, NotificationType> written = new HashMap<>();
            for (NotificationType type : NotificationType.values()) {
                NotificationEvent event = TestEvents.event(box, type, TestEvents.emailRecipient(TestEvents.uniqueEmail(), "de"), Map.of());
                written.put(VertxContextSupport.subscribeAndAwait(() -> Panache.withTransaction(() -> outbox.record(type, event)))
                        .id.toString(), type);
            }
            // and one straight from a request
            String email = TestEvents.uniqueEmail();
            given().contentType(ContentType.JSON).body(Map.of("email", email, "password", "violet tractor umbrella 47"))
                    .when().post("/users").then().statusCode(202);
            Awaitility.await().atMost(Duration.ofSeconds(20)).until(() -> ids(probe).containsAll(written.keySet())
                    && probe.received().stream().anyMatch(r -> r.record().value().contains(email)));
            for (KafkaProbe.Received received : probe.received()) {
                String id = received.header("ce_id");
                boolean fromRequest = received.record().value().contains(email);
                if (!written.containsKey(id) && !fromRequest) {
                    continue; // another test's
                }
                NotificationType type = fromRequest ? NotificationType.RESEND_VERIFY_SIGNUP : written.get(id);
                ObjectNode headers = JSON.createObjectNode();
                received.record().headers().forEach(h -> headers.put(h.key(), new String(h.value(), java.nio.charset.StandardCharsets.UTF_8)));
                assertValid(registry, type, "headers", headers);
                assertValid(registry, type, "payload", JSON.readTree(received.record().value()));
                assertEquals(received.header("ce_subject"), received.record().key(), "the key is the user id");
                NotificationType other = type == NotificationType.VERIFY_SIGNUP ? NotificationType.RESET_PWD : NotificationType.VERIFY_SIGNUP;
                assertFalse(schema(registry, other, "headers").validate(headers).isEmpty(), "another type's message does not match");
            }
        }
    }

    private static Set<String> ids(KafkaProbe probe) {
        return probe.received().stream().map(r -> r.header("ce_id")).collect(Collectors.toSet());
    }

    private static void assertValid(SchemaRegistry registry, NotificationType type, String part, JsonNode instance) {
        List<Error> errors = schema(registry, type, part).validate(instance,
                context -> context.executionConfig(c -> c.formatAssertionsEnabled(true)));
        assertTrue(errors.isEmpty(), type.wireName() + " " + part + " does not match the AsyncAPI message: " + errors);
    }

    private static Schema schema(SchemaRegistry registry, NotificationType type, String part) {
        return registry.getSchema(SchemaLocation.of(BASE + "asyncapi.yaml#/components/messages/" + type.wireName() + "/" + part));
    }

    /**
     * The AsyncAPI document and the data schema under their common base, nothing fetched from the network. Of the
     * AsyncAPI document only its {@code components} (where every schema is) is read as a JSON Schema resource: its
     * root keys (e.g. {@code id}) are not schema keywords.
     */
    static SchemaRegistry registry() throws IOException {
        ObjectNode components = JSON.createObjectNode().set("components", document().get("components"));
        Map<String, String> documents = Map.of(
                BASE + "asyncapi.yaml", JSON.writeValueAsString(components),
                BASE + DATA_SCHEMA.getFileName(), Files.readString(DATA_SCHEMA));
        return SchemaRegistry.withDefaultDialect(SpecificationVersion.DRAFT_2020_12, builder -> builder.schemas(documents));
    }

    private static void collect(JsonNode node, List<String> references) {
        if (node.isObject()) {
            node.fields().forEachRemaining(field -> {
                if (field.getKey().equals("$ref")) {
                    references.add(field.getValue().asText());
                } else {
                    collect(field.getValue(), references);
                }
            });
        } else if (node.isArray()) {
            node.forEach(child -> collect(child, references));
        }
    }
}
