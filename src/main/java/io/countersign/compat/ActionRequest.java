package io.countersign.compat;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;

import com.fasterxml.jackson.databind.JsonNode;

import io.countersign.flow.NotifierOptions;

/**
 * One {@code POST /authManagement} body: {@code {action, value, notifierOptions?, ownId?, meta?, captchaResponse?}}.
 * {@link #value()} is a {@code MissingNode} when absent; the per-action readers in {@link Inputs} check its shape.
 */
public record ActionRequest(Action action, JsonNode value, JsonNode rawNotifierOptions, JsonNode rawOwnId, boolean noErrMsg,
        JsonNode rawCaptcha) {

    private static final int MAX_OPTIONS = 10;
    private static final int MAX_OPTION_LENGTH = 100;

    /** Scalar options the client passes through to the notification (e.g. {@code {"transport":"sms"}}). */
    public Map<String, String> notifierOptions() {
        if (rawNotifierOptions == null || rawNotifierOptions.isMissingNode() || rawNotifierOptions.isNull()) {
            return Map.of();
        }
        if (!rawNotifierOptions.isObject() || rawNotifierOptions.size() > MAX_OPTIONS) {
            throw badOptions();
        }
        Map<String, String> options = new LinkedHashMap<>();
        rawNotifierOptions.fields().forEachRemaining(e -> {
            JsonNode v = e.getValue();
            if (!v.isValueNode() || v.isNull() || e.getKey().length() > MAX_OPTION_LENGTH || v.asText().length() > MAX_OPTION_LENGTH) {
                throw badOptions();
            }
            options.put(e.getKey(), v.asText());
        });
        if (!NotifierOptions.valid(options)) {
            throw FeathersError.badParams(NotifierOptions.INVALID_TRANSPORT).failure();
        }
        return options;
    }

    /** checkUnique's {@code ownId}: the caller's own user id, whose values do not count as taken. */
    public UUID ownId() {
        if (rawOwnId == null || rawOwnId.isMissingNode() || rawOwnId.isNull()) {
            return null;
        }
        try {
            return UUID.fromString(rawOwnId.asText());
        } catch (IllegalArgumentException e) {
            throw FeathersError.badRequest("ownId is not a valid user id.", "badParams", null).failure();
        }
    }

    /** The captcha widget's token ({@code captchaResponse}, docs/captcha.md), or null when absent or not a string. */
    public String captchaResponse() {
        return rawCaptcha != null && rawCaptcha.isTextual() ? rawCaptcha.textValue() : null;
    }

    private static FeathersError.Failure badOptions() {
        return FeathersError.badParams("notifierOptions must be an object of at most " + MAX_OPTIONS
                + " short scalar values.").failure();
    }
}
