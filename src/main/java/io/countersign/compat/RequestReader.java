package io.countersign.compat;

import java.util.Optional;
import java.util.stream.Collectors;
import java.util.stream.StreamSupport;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.MissingNode;

import jakarta.enterprise.context.ApplicationScoped;

/**
 * Reads the raw body of {@code POST /authManagement}. Every malformed body becomes a Feathers error: an array
 * 405 (as Feathers answers a multi-create), malformed JSON or a scalar 400 (the reference crashes with 500), and
 * a missing or unknown action {@code Action 'x' is invalid.}
 */
@ApplicationScoped
public class RequestReader {

    private static final int MAX_ECHO = 100;

    private final ObjectMapper json;

    public RequestReader(ObjectMapper json) {
        this.json = json;
    }

    /** @throws FeathersError.Failure when the body is not a usable request */
    public ActionRequest read(String body) {
        return check(parse(body));
    }

    /**
     * The same checks on a request already parsed (the data of a socket call); null or missing reads as {@code {}},
     * as an empty HTTP body does.
     *
     * @throws FeathersError.Failure when it is not a usable request
     */
    public ActionRequest read(JsonNode data) {
        return check(data == null || data.isMissingNode() || data.isNull() ? json.createObjectNode() : data);
    }

    private ActionRequest check(JsonNode root) {
        if (root.isArray()) {
            throw FeathersError.of(405, "authManagement does not handle multiple entries").failure();
        }
        if (!root.isObject()) {
            throw FeathersError.badParams("The request body must be a JSON object.").failure();
        }
        if (Inputs.containsNul(root)) {
            throw FeathersError.badParams(Inputs.NUL_REFUSED).failure();
        }
        JsonNode actionNode = root.path("action");
        Action action = (actionNode.isTextual() ? Action.fromWireName(actionNode.textValue()) : Optional.<Action>empty())
                .orElseThrow(() -> FeathersError.badParams("Action '" + echo(actionNode) + "' is invalid.").failure());
        return new ActionRequest(action, root.path("value"), root.path("notifierOptions"), root.path("ownId"),
                root.path("meta").path("noErrMsg").asBoolean(false), root.path("captchaResponse"));
    }

    private JsonNode parse(String body) {
        if (body == null || body.isBlank()) {
            return json.createObjectNode(); // Feathers reads an empty body as {}
        }
        try {
            JsonNode root = json.readTree(body);
            return root == null ? MissingNode.getInstance() : root;
        } catch (JacksonException e) {
            throw FeathersError.badParams("The request body is not valid JSON.").failure();
        }
    }

    /** The action as JavaScript would print it in a template string, shortened. */
    private static String echo(JsonNode action) {
        String text;
        if (action.isMissingNode()) {
            text = "undefined";
        } else if (action.isObject()) {
            text = "[object Object]";
        } else if (action.isArray()) {
            text = StreamSupport.stream(action.spliterator(), false).map(JsonNode::asText).collect(Collectors.joining(","));
        } else {
            text = action.asText();
        }
        return text.length() > MAX_ECHO ? text.substring(0, MAX_ECHO) + "…" : text;
    }
}
