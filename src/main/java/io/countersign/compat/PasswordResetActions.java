package io.countersign.compat;

import java.util.Map;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.countersign.flow.PasswordResetService;
import io.countersign.flow.ResetHook;
import io.countersign.user.Identity;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;

/** sendResetPwd, resetPwdLong and resetPwdShort. */
@ApplicationScoped
public class PasswordResetActions {

    private final PasswordResetService passwordReset;
    private final CompatSettings settings;
    private final ResetHook hook;
    private final ObjectMapper json;

    public PasswordResetActions(PasswordResetService passwordReset, CompatSettings settings, ResetHook hook, ObjectMapper json) {
        this.passwordReset = passwordReset;
        this.settings = settings;
        this.hook = hook;
        this.json = json;
    }

    /**
     * value: {@code {user, password, arguments?}} (MongoDB Atlas' callResetPasswordFunction(email, password, args));
     * the arguments, an object of at most 20 keys, go to the hook, the password does not (docs/hooks.md).
     */
    Uni<Reply> resetByHook(ActionRequest request) {
        JsonNode value = Inputs.object(request.value());
        Inputs.strings(value, "password");
        Identity identity = Inputs.identity(value.get("user"), settings.identifyProps());
        JsonNode arguments = value.path("arguments");
        if (!arguments.isMissingNode() && !arguments.isNull() && (!arguments.isObject() || arguments.size() > 20)) {
            throw FeathersError.badRequest("arguments must be an object of at most 20 keys.", "badParams",
                    Map.of("arguments", "arguments must be an object of at most 20 keys.")).failure();
        }
        Map<String, Object> args = arguments.isObject() ? json.convertValue(arguments, new TypeReference<Map<String, Object>>() {
        }) : Map.of();
        return hook.reset(identity, value.get("password").textValue(), args).map(VerifyActions::hookReply);
    }

    /** value: identify object. With enumeration protection the answer is {@code {}} whoever was named. */
    Uni<Reply> sendReset(ActionRequest request) {
        Identity identity = Inputs.identity(request.value(), settings.identifyProps());
        return passwordReset.sendReset(identity, request.notifierOptions())
                .map(user -> settings.enumerationProtection() ? Reply.empty() : Reply.user(user));
    }

    /** value: {@code {token, tokenId?, password}}; the token is opaque (no user id inside). */
    Uni<Reply> resetLong(ActionRequest request) {
        JsonNode value = Inputs.object(request.value());
        Inputs.strings(value, "token", "password");
        return passwordReset.resetByToken(Inputs.linkToken(value), value.get("password").textValue()).map(Reply::user);
    }

    /** value: {@code {token, user, password}}. */
    Uni<Reply> resetShort(ActionRequest request) {
        JsonNode value = Inputs.object(request.value());
        Inputs.strings(value, "token", "password");
        Identity identity = Inputs.identity(value.get("user"), settings.identifyProps());
        return passwordReset.resetByCode(identity, value.get("token").textValue(), value.get("password").textValue())
                .map(Reply::user);
    }
}
