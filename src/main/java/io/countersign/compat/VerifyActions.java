package io.countersign.compat;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Predicate;

import com.fasterxml.jackson.databind.JsonNode;

import io.countersign.error.ErrorCode;
import io.countersign.error.FlowException;
import io.countersign.flow.ConfirmationHook;
import io.countersign.flow.HookRun;
import io.countersign.flow.IdentityChangeService;
import io.countersign.flow.VerificationService;
import io.countersign.user.Identity;
import io.countersign.user.User;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * resendVerifySignup and the four verifySignup* actions. As in the reference, verifySignupLong/Short also confirm
 * a pending identity change: Countersign holds that as its own challenge, so a token or code the sign-up
 * verification does not know is tried against the pending identity change.
 */
@ApplicationScoped
public class VerifyActions {

    private final VerificationService verification;
    private final IdentityChangeService identityChange;
    private final CompatSettings settings;
    private final ConfirmationHook hook;

    public VerifyActions(VerificationService verification, IdentityChangeService identityChange, CompatSettings settings,
            ConfirmationHook hook) {
        this.hook = hook;
        this.verification = verification;
        this.identityChange = identityChange;
        this.settings = settings;
    }

    /** value: identify object, or {@code {verifyToken}} from an earlier message. */
    Uni<Reply> resend(ActionRequest request) {
        Map<String, String> fields = new LinkedHashMap<>(Inputs.identify(request.value(), settings.resendProps()));
        Map<String, String> options = request.notifierOptions();
        String token = fields.remove("verifyToken");
        fields.remove("verifyShortToken"); // codes are bound to their account; they cannot select one
        if (token != null) {
            return verification.resendByToken(token, options).map(this::concealed);
        }
        if (fields.isEmpty()) {
            return settings.enumerationProtection() ? Uni.createFrom().item(Reply.empty())
                    : Uni.createFrom().failure(new FlowException(ErrorCode.USER_NOT_FOUND, "User not found."));
        }
        return verification.resend(Identity.of(fields), options).map(this::concealed);
    }

    /** value: the long token as a bare string, or {@code {token, tokenId}} as a confirmation hook got them. */
    Uni<Reply> verifyLong(ActionRequest request) {
        // an object only in the hook's form {token, tokenId}; anything else is refused as the reference does
        String token = request.value().isObject() && request.value().has("tokenId") ? Inputs.linkToken(request.value())
                : Inputs.string(request.value());
        return verification.verifyByToken(token, null)
                .onFailure(is(ErrorCode.TOKEN_UNKNOWN)).recoverWithUni(() -> identityChange.confirmByToken(token))
                .map(Reply::user);
    }

    /** value: {@code {token, user}}. */
    Uni<Reply> verifyShort(ActionRequest request) {
        JsonNode value = Inputs.object(request.value());
        Inputs.strings(value, "token");
        Identity identity = Inputs.identity(value.get("user"), settings.identifyProps());
        String code = value.get("token").textValue();
        return verification.verifyOrConfirmChangeByCode(identity, code).map(Reply::user);
    }

    /** value: {@code {token, tokenId?, password}}. */
    Uni<Reply> verifyLongSetPassword(ActionRequest request) {
        JsonNode value = Inputs.object(request.value());
        Inputs.strings(value, "token", "password");
        return verification.verifyByToken(Inputs.linkToken(value), value.get("password").textValue()).map(Reply::user);
    }

    /** value: identify object; runs the confirmation hook again (docs/hooks.md). */
    Uni<Reply> retryHook(ActionRequest request) {
        Identity identity = Inputs.identity(request.value(), settings.identifyProps());
        return hook.retry(identity).map(VerifyActions::hookReply);
    }

    /** A hook's answer: the sanitized user (success) or {@code {status: "pending", message}}. */
    static Reply hookReply(HookRun.Done done) {
        if (done.succeeded()) {
            return Reply.user(done.user());
        }
        Map<String, Object> pending = new LinkedHashMap<>();
        pending.put("status", "pending");
        pending.put("message", done.message() == null ? "The application will be in touch to complete this." : done.message());
        return Reply.created(pending);
    }

    /** value: {@code {token, user, password}}. */
    Uni<Reply> verifyShortSetPassword(ActionRequest request) {
        JsonNode value = Inputs.object(request.value());
        Inputs.strings(value, "token", "password");
        Identity identity = Inputs.identity(value.get("user"), settings.identifyProps());
        return verification.verifyByCode(identity, value.get("token").textValue(), value.get("password").textValue())
                .map(Reply::user);
    }

    private Reply concealed(User user) {
        return settings.enumerationProtection() ? Reply.empty() : Reply.user(user);
    }

    static Predicate<Throwable> is(ErrorCode code) {
        return e -> e instanceof FlowException f && f.code() == code;
    }
}
