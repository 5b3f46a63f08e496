package io.countersign.compat;

import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;

import com.fasterxml.jackson.databind.JsonNode;

import io.countersign.flow.CallerCheck;
import io.countersign.flow.IdentityChangeService;
import io.countersign.flow.PasswordChangeService;
import io.countersign.flow.Uniqueness;
import io.countersign.security.LimitedAction;
import io.countersign.security.RateLimiter;
import io.countersign.user.Identity;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * checkUnique, passwordChange and identityChange. The two changes need a Bearer access token whose user is the
 * one {@code value.user} names (docs/compat.md difference 5); the flows check both.
 */
@ApplicationScoped
public class AccountActions {

    private final Uniqueness uniqueness;
    private final PasswordChangeService passwordChange;
    private final IdentityChangeService identityChange;
    private final CompatSettings settings;
    private final RateLimiter limits;

    public AccountActions(Uniqueness uniqueness, PasswordChangeService passwordChange, IdentityChangeService identityChange,
            CompatSettings settings, RateLimiter limits) {
        this.limits = limits;
        this.uniqueness = uniqueness;
        this.passwordChange = passwordChange;
        this.identityChange = identityChange;
        this.settings = settings;
    }

    /**
     * value: field → string (null values ignored); 204 when all are free, else 400 naming the taken fields. The rate
     * limits count every call, malformed ones too, in the lookup's own statement.
     */
    Uni<Reply> checkUnique(ActionRequest request) {
        String account = CompatLimits.account(request.value());
        Map<String, String> values = new LinkedHashMap<>();
        UUID ownId;
        try {
            ownId = request.ownId();
            if (!request.value().isObject()) {
                throw FeathersError.badParams(FamErrors.USER_INFO_NOT_VALID).failure();
            }
            for (Iterator<Map.Entry<String, JsonNode>> it = request.value().fields(); it.hasNext();) {
                Map.Entry<String, JsonNode> e = it.next();
                if (!e.getValue().isNull()) {
                    values.put(e.getKey(), Inputs.string(e.getValue()));
                }
            }
        } catch (RuntimeException malformed) {
            return limits.check(LimitedAction.UNIQUENESS, account).chain(() -> Uni.createFrom().failure(malformed));
        }
        return uniqueness.takenWithin(LimitedAction.UNIQUENESS, account, values, ownId).map(taken -> {
            Map<String, String> errors = new LinkedHashMap<>();
            taken.forEach((field, isTaken) -> {
                if (isTaken) {
                    errors.put(field, FamErrors.ALREADY_TAKEN);
                }
            });
            if (!errors.isEmpty()) {
                throw FeathersError.badRequest(request.noErrMsg() ? "Error" : "Values already taken.", null, errors).failure();
            }
            return Reply.noContent();
        });
    }

    /**
     * value: {@code {user, oldPassword, password}}; revokes the caller's access tokens (docs/compat.md difference 8).
     */
    Uni<Reply> changePassword(ActionRequest request) {
        JsonNode value = Inputs.object(request.value());
        Inputs.strings(value, "oldPassword", "password");
        Identity identity = Inputs.identity(value.get("user"), settings.identifyProps());
        return passwordChange.change(new CallerCheck(identity), value.get("oldPassword").textValue(),
                value.get("password").textValue()).map(caller -> Reply.user(caller.user()));
    }

    /** value: {@code {user, password, changes}}; confirmed later with verifySignupLong/Short from the new address. */
    Uni<Reply> changeIdentity(ActionRequest request) {
        JsonNode value = Inputs.object(request.value());
        Identity identity = Inputs.identity(value.get("user"), settings.identifyProps());
        Inputs.strings(value, "password");
        Map<String, String> changes = Inputs.identify(value.get("changes"), settings.identifyProps());
        return identityChange.request(new CallerCheck(identity), value.get("password").textValue(), changes)
                .map(Reply::user);
    }
}
