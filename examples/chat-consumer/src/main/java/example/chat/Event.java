package example.chat;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Set;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.Header;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * One notification CloudEvent as docs/events.md describes it: binary mode, the attributes in {@code ce_*} headers,
 * the data as the JSON value.
 *
 * @param id   {@code ce_id}, the dedupe key
 * @param type the {@code <notificationType>} of {@code ce_type}
 * @param data the event data
 */
public record Event(String id, String type, JsonNode data) {

    private static final Pattern TYPE = Pattern.compile("countersign\\.notification\\.([A-Za-z]+)\\.v1");
    private static final ObjectMapper JSON = new ObjectMapper();

    /** The v1 types this consumer knows (docs/events.md); anything else is dead-lettered, as the versioning rules ask. */
    public static final Set<String> KNOWN = Set.of("resendVerifySignup", "verifySignup", "verifySignupSetPassword",
            "sendResetPwd", "resetPwd", "passwordChange", "identityChange", "identityChangeRevert",
            "identityChangeReverted", "accountExists", "accountDeleted");

    /** @throws Undeliverable when the record is not a notification event this consumer understands */
    public static Event of(ConsumerRecord<String, String> record) {
        String id = header(record, "ce_id");
        String ceType = header(record, "ce_type");
        if (id == null || ceType == null) {
            throw new Undeliverable("not a CloudEvent: ce_id or ce_type missing");
        }
        try {
            UUID.fromString(id);
        } catch (IllegalArgumentException e) {
            throw new Undeliverable("ce_id is not a UUID");
        }
        Matcher type = TYPE.matcher(ceType);
        if (!type.matches() || !KNOWN.contains(type.group(1))) {
            throw new Undeliverable("unsupported CloudEvent type");
        }
        JsonNode data;
        try {
            data = record.value() == null ? null : JSON.readTree(record.value());
        } catch (JsonProcessingException e) {
            throw new Undeliverable("the data is not JSON");
        }
        if (data == null || !data.isObject() || !type.group(1).equals(data.path("notificationType").asText())
                || !data.path("userId").isTextual() || !data.path("recipient").isObject()) {
            throw new Undeliverable("the data does not match the v1 schema");
        }
        return new Event(id, type.group(1), data);
    }

    public String userId() {
        return data.path("userId").asText();
    }

    public JsonNode recipient() {
        return data.path("recipient");
    }

    public boolean hasSecret() {
        return data.path("secret").isObject();
    }

    /** Whether the token or code in it stopped working already (no point in sending it). */
    public boolean expired(Instant now) {
        JsonNode expiresAt = data.path("expiresAt");
        return expiresAt.isTextual() && Instant.parse(expiresAt.asText()).isBefore(now);
    }

    static String header(ConsumerRecord<?, ?> record, String name) {
        Header header = record.headers().lastHeader(name);
        return header == null || header.value() == null ? null : new String(header.value(), StandardCharsets.UTF_8);
    }

    /** A record that will never be delivered, whatever the retries: it goes to the dead-letter topic at once. */
    public static final class Undeliverable extends RuntimeException {
        public Undeliverable(String reason) {
            super(reason);
        }
    }
}
