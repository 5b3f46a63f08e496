package io.countersign.selfservice;

import java.util.List;
import java.util.Map;

import io.countersign.error.ErrorCode;
import io.countersign.error.FlowException;

/**
 * Checks a submitted input against the stage's own requirements before the stage sees it: no property the schema
 * does not name, every required one present, each of the declared type and length. A stage then reads its fields
 * with {@link #text} and {@link #flag}.
 */
final class Inputs {

    private Inputs() {
    }

    @SuppressWarnings("unchecked")
    static void check(Map<String, Object> input, Map<String, Object> requirements) {
        Map<String, Object> properties = (Map<String, Object>) requirements.get("properties");
        List<String> required = (List<String>) requirements.getOrDefault("required", List.of());
        for (String field : input.keySet()) {
            if (!properties.containsKey(field)) {
                throw new FlowException(ErrorCode.INVALID_REQUEST, "'" + field + "' is not asked for here.", field);
            }
        }
        for (String field : required) {
            if (input.get(field) == null) {
                throw new FlowException(ErrorCode.INVALID_REQUEST, field + " is required.", field);
            }
        }
        properties.forEach((field, raw) -> {
            Object value = input.get(field);
            Map<String, Object> schema = (Map<String, Object>) raw;
            if (value == null) {
                return;
            }
            if ("boolean".equals(schema.get("type")) && !(value instanceof Boolean)) {
                throw new FlowException(ErrorCode.INVALID_REQUEST, field + " must be true or false.", field);
            }
            if (schema.containsKey("const") && !schema.get("const").equals(value)) {
                throw new FlowException(ErrorCode.INVALID_REQUEST, field + " must be " + schema.get("const") + " to go on.", field);
            }
            if ("string".equals(schema.get("type"))) {
                if (!(value instanceof String s)) {
                    throw new FlowException(ErrorCode.INVALID_REQUEST, field + " must be a string.", field);
                }
                int length = s.codePointCount(0, s.length());
                // the minimum is the flows' to judge (a short password is refused by the policy, naming its rule)
                if (length == 0 || length > (Integer) schema.get("maxLength")) {
                    throw new FlowException(ErrorCode.INVALID_REQUEST, field + " must have 1 to " + schema.get("maxLength")
                            + " characters.", field);
                }
            }
        });
    }

    static String text(Map<String, Object> input, String field) {
        Object value = input.get(field);
        return value == null ? null : (String) value;
    }

    static boolean flag(Map<String, Object> input, String field) {
        return Boolean.TRUE.equals(input.get(field));
    }
}
