package io.countersign.compat;

import java.util.LinkedHashMap;
import java.util.Map;

import org.eclipse.microprofile.openapi.annotations.media.Schema;

import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * The error body Feathers clients understand: {@code {name, message, code, className, data?, errors?}}
 * (docs/compat.md §1.3). Library-style 400s carry {@code data: {}} and an {@code errors} object whose
 * {@code $className} says what failed; the other errors carry neither key.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
@Schema(name = "FeathersError", description = "The Feathers error envelope of the compat endpoints",
        requiredProperties = { "name", "message", "code", "className" })
public record FeathersError(@Schema(examples = "BadRequest") String name, String message,
        @Schema(description = "The HTTP status") int code, @Schema(examples = "bad-request") String className,
        @Schema(description = "{} on library-style 400s; {code, termsVersion, termsUrl} when the terms must be accepted first")
        Map<String, Object> data,
        @Schema(description = "Library-style 400s: $className (what failed, e.g. badParams, invalidToken) and per-field "
                + "messages") Map<String, Object> errors) {

    public static final String CLASS_NAME = "$className";

    /** A BadRequest as the library throws it: {@code errors.$className} plus optional per-field messages. */
    public static FeathersError badRequest(String message, String famClassName, Map<String, String> fieldErrors) {
        Map<String, Object> errors = new LinkedHashMap<>();
        if (fieldErrors != null) {
            errors.putAll(fieldErrors);
        }
        if (famClassName != null) {
            errors.put(CLASS_NAME, famClassName);
        }
        return new FeathersError("BadRequest", message, 400, "bad-request", Map.of(), errors);
    }

    public static FeathersError badParams(String message) {
        return badRequest(message, "badParams", null);
    }

    /** Any other status, without {@code data} and {@code errors} (NotAuthenticated, Forbidden, MethodNotAllowed, …). */
    public static FeathersError of(int status, String message) {
        return switch (status) {
            case 401 -> new FeathersError("NotAuthenticated", message, 401, "not-authenticated", null, null);
            case 403 -> new FeathersError("Forbidden", message, 403, "forbidden", null, null);
            case 404 -> new FeathersError("NotFound", message, 404, "not-found", null, null);
            case 405 -> new FeathersError("MethodNotAllowed", message, 405, "method-not-allowed", null, null);
            case 406 -> new FeathersError("NotAcceptable", message, 406, "not-acceptable", null, null);
            case 409 -> new FeathersError("Conflict", message, 409, "conflict", null, null);
            case 411 -> new FeathersError("LengthRequired", message, 411, "length-required", null, null);
            // Feathers has no class for 413; the envelope keeps the real status and names it the same way
            case 413 -> new FeathersError("PayloadTooLarge", message, 413, "payload-too-large", null, null);
            case 422 -> new FeathersError("Unprocessable", message, 422, "unprocessable", null, null);
            case 429 -> new FeathersError("TooManyRequests", message, 429, "too-many-requests", null, null);
            case 501 -> new FeathersError("NotImplemented", message, 501, "not-implemented", null, null);
            case 503 -> new FeathersError("Unavailable", message, 503, "unavailable", null, null);
            default -> status >= 500 || status < 400
                    ? new FeathersError("GeneralError", message, 500, "general-error", null, null)
                    : new FeathersError("BadRequest", message, 400, "bad-request", null, null);
        };
    }

    /** Thrown by request parsing and by the compat layer itself; turned into this body by {@link FamErrors}. */
    public static final class Failure extends RuntimeException {

        private final FeathersError error;

        public Failure(FeathersError error) {
            super(error.message(), null, false, false);
            this.error = error;
        }

        public FeathersError error() {
            return error;
        }
    }

    public Failure failure() {
        return new Failure(this);
    }
}
