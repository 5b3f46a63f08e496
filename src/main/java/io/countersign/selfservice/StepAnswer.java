package io.countersign.selfservice;

import java.util.Map;

import org.eclipse.microprofile.openapi.annotations.media.Schema;

import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * One answer of {@code /selfservice/{process}}: the requirements of the stage waiting for input (with the token to
 * submit them with), or the end. A stage that refused its input answers its requirements again with {@code code}
 * and {@code error}, and a new token.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
@Schema(name = "SelfServiceStep", description = "The requirements of the next stage, or the end of the process")
public record StepAnswer(
        @Schema(required = true, description = "The stage type (userQuery, emailValidation, resetStage...), or end") String type,
        @Schema(required = true, description = "initial for a stage's requirements, end at the end") String tag,
        @Schema(description = "The input the stage waits for, as a JSON Schema (draft 2020-12)") Map<String, Object> requirements,
        @Schema(description = "The snapshot token to submit the input with; absent in the first answer and at the end") String token,
        @Schema(description = "At the end: whether the process succeeded") Status status,
        @Schema(description = "At the end: what the process established (e.g. userId)") Map<String, Object> additions,
        @Schema(description = "When the stage refused the input: its stable code (as error.code)") String code,
        @Schema(description = "When the stage refused the input: why") StageError error) {

    static final String END = "end";

    /** Whether the process succeeded. */
    public record Status(@Schema(required = true) boolean success) {
    }

    /** Why a stage refused its input: a stable code, a message for people, and the field at fault if one is. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record StageError(@Schema(required = true) String code, @Schema(required = true) String message, String field) {
    }

    static StepAnswer requirements(String type, Map<String, Object> requirements, String token) {
        return new StepAnswer(type, "initial", requirements, token, null, null, null, null);
    }

    static StepAnswer refused(String type, Map<String, Object> requirements, String token, StageError error) {
        return new StepAnswer(type, "initial", requirements, token, null, null, error.code(), error);
    }

    static StepAnswer end(Map<String, Object> additions) {
        return new StepAnswer(END, END, null, null, new Status(true), additions, null, null);
    }
}
