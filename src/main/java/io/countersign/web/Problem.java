package io.countersign.web;

import java.util.List;

import com.fasterxml.jackson.annotation.JsonInclude;

/** RFC 9457 problem details with a stable {@code code} and optional field errors. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record Problem(String type, String title, int status, String detail, String code, List<FieldError> errors) {

    public static final String MEDIA_TYPE = "application/problem+json";

    public record FieldError(String field, String message) {
    }

    public static Problem of(int status, String code, String title, String detail, List<FieldError> errors) {
        return new Problem("https://countersign.dev/problems/" + code.replace('_', '-'), title, status, detail, code,
                errors == null || errors.isEmpty() ? null : errors);
    }
}
