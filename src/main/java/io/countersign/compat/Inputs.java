package io.countersign.compat;

import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;

import io.countersign.user.Identity;
import io.countersign.web.StrictJson;

/**
 * The reference library's input rules (docs/compat.md §2), applied to the raw JSON: R2 "Expected string value."
 * for the named fields (checked first), R1 "User info is not valid." for identify objects. A {@code value} that is
 * not an object reads as an empty one, so a missing {@code value} or {@code user} fails these rules with a 400
 * rather than crashing as in the reference (docs/compat.md difference 7).
 */
final class Inputs {

    private Inputs() {
    }

    static final String NUL_REFUSED = "The request body must not contain U+0000 characters or unpaired surrogates.";

    /** Whether any text or field name in the tree contains U+0000, which PostgreSQL cannot store or compare. */
    static boolean containsNul(JsonNode node) {
        if (node.isTextual()) {
            return !StrictJson.storable(node.textValue());
        }
        for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext();) {
            Map.Entry<String, JsonNode> e = it.next();
            if (!StrictJson.storable(e.getKey()) || containsNul(e.getValue())) {
                return true;
            }
        }
        if (node.isArray()) {
            for (JsonNode element : node) {
                if (containsNul(element)) {
                    return true;
                }
            }
        }
        return false;
    }

    /** The value as an object; anything else reads as {@code {}}. */
    static JsonNode object(JsonNode value) {
        return value != null && value.isObject() ? value : JsonNodeFactory.instance.objectNode();
    }

    /** R2 for one node: it must be a JSON string. */
    static String string(JsonNode node) {
        if (node == null || !node.isTextual()) {
            throw FeathersError.badParams(FamErrors.EXPECTED_STRING).failure();
        }
        return node.textValue();
    }

    /**
     * The link token of {@code {token, tokenId?}}: with {@code tokenId} (the half a hook gets as the token id,
     * docs/hooks.md), the link token is {@code <tokenId>.<token>}.
     */
    static String linkToken(JsonNode value) {
        String token = string(value.get("token"));
        return value.has("tokenId") ? string(value.get("tokenId")) + "." + token : token;
    }

    /** R2 for fields of an object, checked in the order given. */
    static void strings(JsonNode object, String... fields) {
        for (String field : fields) {
            string(object.get(field));
        }
    }

    /** R1: at least one key, every key allowed, every value a string. */
    static Map<String, String> identify(JsonNode node, Set<String> allowed) {
        if (node == null || !node.isObject() || node.isEmpty()) {
            throw FeathersError.badParams(FamErrors.USER_INFO_NOT_VALID).failure();
        }
        Map<String, String> fields = new LinkedHashMap<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext();) {
            Map.Entry<String, JsonNode> e = it.next();
            if (!allowed.contains(e.getKey()) || !e.getValue().isTextual()) {
                throw FeathersError.badParams(FamErrors.USER_INFO_NOT_VALID).failure();
            }
            fields.put(e.getKey(), e.getValue().textValue());
        }
        return fields;
    }

    /** R1, then the identity normalised ({@code User info is not valid.} naming the malformed field). */
    static Identity identity(JsonNode node, Set<String> allowed) {
        return Identity.of(identify(node, allowed));
    }
}
