package io.countersign.event;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.StreamSupport;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.networknt.schema.Error;
import com.networknt.schema.InputFormat;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SpecificationVersion;

import io.countersign.testing.TestEvents;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;

/**
 * The documented contract (docs/events.md + docs/events/notification-event.v1.schema.json) and the code agree:
 * what the application serialises validates against the schema, the schema lists exactly the record fields
 * and types of the code, and the page has a valid, decryptable example per type.
 */
@QuarkusTest
class EventContractTest {

    static final Path SCHEMA = Path.of("docs/events/notification-event.v1.schema.json");
    static final Path PAGE = Path.of("docs/events.md");
    private static final Pattern JSON_BLOCK = Pattern.compile("```json\\n(.*?)\\n```", Pattern.DOTALL);

    @Inject
    ObjectMapper json;
    @Inject
    SecretBox box;

    @ParameterizedTest
    @EnumSource(NotificationType.class)
    void whatTheCodeSerialisesValidatesAgainstTheSchema(NotificationType type) throws Exception {
        Recipient recipient = new Recipient("ada@example.com", "+4915112345678", "sms", "de", "Ada");
        NotificationEvent event = TestEvents.event(box, type, recipient, Map.of("transport", "email"));
        assertValid(json.readTree(json.writeValueAsString(event)), type.wireName());
    }

    @Test
    void schemaListsExactlyTheFieldsAndTypesOfTheCode() throws IOException {
        JsonNode schema = json.readTree(SCHEMA.toFile());
        assertEquals(components(NotificationEvent.class), names(schema.get("properties")));
        assertEquals(components(Recipient.class), names(schema.at("/$defs/recipient/properties")));
        assertEquals(components(SealedSecret.class), names(schema.at("/$defs/sealedSecret/properties")));
        Set<String> documentedTypes = StreamSupport.stream(schema.at("/properties/notificationType/enum").spliterator(), false)
                .map(JsonNode::asText).collect(Collectors.toSet());
        assertEquals(Arrays.stream(NotificationType.values()).map(NotificationType::wireName).collect(Collectors.toSet()),
                documentedTypes);
        Set<String> secretTypes = StreamSupport.stream(schema.at("/allOf/0/if/properties/notificationType/enum").spliterator(), false)
                .map(JsonNode::asText).collect(Collectors.toSet());
        assertEquals(Arrays.stream(NotificationType.values()).filter(NotificationType::carriesSecret)
                .map(NotificationType::wireName).collect(Collectors.toSet()), secretTypes);
        assertEquals(1, NotificationType.VERSION, "a new version needs a new schema file and docs section");
    }

    @Test
    void everyTypeHasAValidDecryptableExampleOnThePage() throws IOException {
        String page = Files.readString(PAGE);
        Map<String, JsonNode> examples = new HashMap<>();
        Matcher block = JSON_BLOCK.matcher(page);
        while (block.find()) {
            JsonNode node = json.readTree(block.group(1));
            if (node.has("notificationType")) {
                examples.put(node.get("notificationType").asText(), node);
            }
        }
        for (NotificationType type : NotificationType.values()) {
            JsonNode example = examples.get(type.wireName());
            assertTrue(example != null, "docs/events.md has no example for " + type.wireName());
            assertValid(example, "example " + type.wireName());
            assertTrue(page.contains("countersign.notification." + type.wireName() + ".v1"));
            NotificationEvent event = json.treeToValue(example, NotificationEvent.class);
            if (type.carriesSecret()) {
                SecretPayload secret = box.open(event.secret(), event.userId());
                assertTrue(secret.token().contains(".") && secret.code().matches("\\d{6}"), type.wireName());
            }
        }
    }

    private void assertValid(JsonNode instance, String what) throws IOException {
        Schema schema = SchemaRegistry.withDefaultDialect(SpecificationVersion.DRAFT_2020_12)
                .getSchema(Files.readString(SCHEMA), InputFormat.JSON);
        List<Error> errors = schema.validate(instance, context -> context.executionConfig(c -> c.formatAssertionsEnabled(true)));
        assertTrue(errors.isEmpty(), what + " does not match the schema: " + errors);
    }

    private static Set<String> components(Class<? extends Record> type) {
        return Arrays.stream(type.getRecordComponents()).map(c -> c.getName()).collect(Collectors.toSet());
    }

    private static Set<String> names(JsonNode object) {
        Set<String> names = new HashSet<>();
        object.fieldNames().forEachRemaining(names::add);
        return names;
    }
}
