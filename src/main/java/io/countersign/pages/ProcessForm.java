package io.countersign.pages;

import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.countersign.error.ErrorCode;
import io.countersign.error.FlowException;
import io.countersign.selfservice.StepAnswer;
import jakarta.ws.rs.core.MultivaluedMap;

/**
 * Turns a stage's requirements (a JSON Schema object) into the fields of an HTML form, and a posted form back into
 * the stage's input. Each field's name says its type, {@code s.<property>} for a string and {@code b.<property>} for
 * a boolean (a checkbox), so the input is typed without the schema; the process checks it against the schema anyway.
 */
final class ProcessForm {

    static final String STRING = "s.";
    static final String BOOLEAN = "b.";
    private static final int MAX_FIELDS = 20;

    private ProcessForm() {
    }

    /** The input of a posted form: its typed fields; an empty text field counts as not given. */
    static Map<String, Object> input(MultivaluedMap<String, String> form) {
        Map<String, Object> input = new LinkedHashMap<>();
        form.forEach((name, values) -> {
            String value = values == null || values.isEmpty() ? null : values.get(0);
            if (name.startsWith(STRING) && value != null && !value.isEmpty()) {
                input.put(name.substring(STRING.length()), value);
            } else if (name.startsWith(BOOLEAN) && value != null) {
                input.put(name.substring(BOOLEAN.length()), "true".equals(value));
            }
        });
        if (input.size() > MAX_FIELDS) {
            throw new FlowException(ErrorCode.INVALID_REQUEST, "Too many fields.");
        }
        return input;
    }

    /**
     * The fields of the schema's properties in order: id, name, label ({@link ProcessWording#label}), type, autocomplete, maximum length, the value typed before (never a password), whether it is
     * required, a checkbox, or the field an error names.
     */
    @SuppressWarnings("unchecked")
    static List<Map<String, Object>> fields(Map<String, Object> schema, PageRequest request, Map<String, Object> typed,
            String errorField) {
        Map<String, Object> properties = (Map<String, Object>) schema.getOrDefault("properties", Map.of());
        List<String> required = (List<String>) schema.getOrDefault("required", List.of());
        return properties.entrySet().stream().map(property -> {
            String name = property.getKey();
            Map<String, Object> spec = (Map<String, Object>) property.getValue();
            boolean checkbox = "boolean".equals(spec.get("type"));
            boolean secret = "password".equals(spec.get("format"));
            Map<String, Object> field = new HashMap<>();
            field.put("id", "f-" + name);
            field.put("name", (checkbox ? BOOLEAN : STRING) + name);
            field.put("label", ProcessWording.label(request, name, String.valueOf(spec.getOrDefault("description", name))));
            field.put("checkbox", checkbox);
            field.put("inputType", secret ? "password" : inputType(name, spec));
            field.put("autocomplete", autocomplete(name, secret));
            field.put("maxLength", spec.getOrDefault("maxLength", 256));
            Object value = typed.get(name);
            field.put("value", secret || value == null || checkbox ? "" : String.valueOf(value));
            field.put("checked", checkbox && Boolean.TRUE.equals(value));
            field.put("required", required.contains(name) || Boolean.TRUE.equals(spec.get("const")));
            field.put("invalid", name.equals(errorField));
            return field;
        }).toList();
    }

    private static String inputType(String name, Map<String, Object> spec) {
        if ("email".equals(spec.get("format"))) {
            return "email";
        }
        return "phone".equals(name) ? "tel" : "text";
    }

    private static String autocomplete(String name, boolean secret) {
        if (secret) {
            return "new-password";
        }
        return switch (name) {
            case "email" -> "email";
            case "phone" -> "tel";
            case "username" -> "username";
            case "displayName" -> "name";
            case "code" -> "one-time-code";
            default -> "off";
        };
    }

    /**
     * The step a message's link continues: the code of a validation stage, filled in from the link, submitted with the
     * token of the step waiting in this browser (a step that asks for something else says so, and asks again).
     */
    static StepAnswer codeStep(String token) {
        Map<String, Object> code = new LinkedHashMap<>();
        code.put("type", "string");
        code.put("description", "The code in the message we sent you");
        code.put("maxLength", 10);
        Map<String, Object> schema = new LinkedHashMap<>();
        schema.put("description", "Enter the code we sent you");
        schema.put("properties", Map.of("code", code));
        schema.put("required", List.of("code"));
        return new StepAnswer("emailValidation", "initial", schema, token, null, null, null, null);
    }
}
