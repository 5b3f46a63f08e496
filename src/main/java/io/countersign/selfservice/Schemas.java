package io.countersign.selfservice;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Builds the JSON Schemas (draft 2020-12) that stages answer as their requirements. */
final class Schemas {

    static final String DRAFT = "https://json-schema.org/draft/2020-12/schema";

    private Schemas() {
    }

    /** An object schema with the given properties (in order) and required ones; no other properties allowed. */
    static Map<String, Object> object(String description, Map<String, Object> properties, List<String> required) {
        Map<String, Object> schema = new LinkedHashMap<>();
        schema.put("$schema", DRAFT);
        schema.put("description", description);
        schema.put("type", "object");
        schema.put("properties", properties);
        if (!required.isEmpty()) {
            schema.put("required", required);
        }
        schema.put("additionalProperties", false);
        return schema;
    }

    static Map<String, Object> string(String description, int minLength, int maxLength) {
        Map<String, Object> schema = new LinkedHashMap<>();
        schema.put("type", "string");
        schema.put("description", description);
        schema.put("minLength", minLength);
        schema.put("maxLength", maxLength);
        return schema;
    }

    static Map<String, Object> pattern(String description, String pattern, int maxLength) {
        Map<String, Object> schema = string(description, 1, maxLength);
        schema.put("pattern", pattern);
        return schema;
    }

    static Map<String, Object> format(String description, String format, int maxLength) {
        Map<String, Object> schema = string(description, 3, maxLength);
        schema.put("format", format);
        return schema;
    }

    /** A boolean that must be true (an acceptance). */
    static Map<String, Object> accept(String description) {
        Map<String, Object> schema = new LinkedHashMap<>();
        schema.put("type", "boolean");
        schema.put("const", true);
        schema.put("description", description);
        return schema;
    }

    /** The schema of one identifying field. */
    static Map<String, Object> identity(String field) {
        return switch (field) {
            case "email" -> format("The account's e-mail address", "email", 320);
            case "phone" -> pattern("The account's phone number, E.164 (e.g. +4915112345678)", "^\\+[1-9][0-9]{6,14}$", 16);
            default -> pattern("The account's username", "^[\\p{L}\\p{N}._-]{1,64}$", 64);
        };
    }

    static Map<String, Object> properties() {
        return new LinkedHashMap<>();
    }
}
