package io.countersign.compat;

import com.fasterxml.jackson.databind.JsonNode;

import io.countersign.flow.PasswordResetService;
import io.countersign.user.Identity;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;

/** sendResetPwd, resetPwdLong and resetPwdShort. */
@ApplicationScoped
public class PasswordResetActions {

    private final PasswordResetService passwordReset;
    private final CompatSettings settings;

    public PasswordResetActions(PasswordResetService passwordReset, CompatSettings settings) {
        this.passwordReset = passwordReset;
        this.settings = settings;
    }

    /** value: identify object. With enumeration protection the answer is {@code {}} whoever was named. */
    Uni<Reply> sendReset(ActionRequest request) {
        Identity identity = Inputs.identity(request.value(), settings.identifyProps());
        return passwordReset.sendReset(identity, request.notifierOptions())
                .map(user -> settings.enumerationProtection() ? Reply.empty() : Reply.user(user));
    }

    /** value: {@code {token, password}}; the token is opaque (no user id inside). */
    Uni<Reply> resetLong(ActionRequest request) {
        JsonNode value = Inputs.object(request.value());
        Inputs.strings(value, "token", "password");
        return passwordReset.resetByToken(value.get("token").textValue(), value.get("password").textValue()).map(Reply::user);
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
