package io.countersign.compat;

import com.fasterxml.jackson.databind.JsonNode;

import io.countersign.captcha.CaptchaVerifier;
import io.countersign.captcha.CaptchaVerifier.Guard;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * The Feathers service {@code authManagement}, whatever the transport: {@code POST /authManagement}
 * ({@link AuthManagementResource}) and {@code create} over socket.io ({@link FeathersSocket}) both call
 * {@link #create}. It reads the request, checks the captcha of a guarded action and the rate limits, dispatches the action to the flow services and
 * turns every failure into a Feathers error.
 */
@ApplicationScoped
public class AuthManagementService {

    private final RequestReader reader;
    private final CompatLimits limits;
    private final VerifyActions verify;
    private final PasswordResetActions reset;
    private final AccountActions account;
    private final CompatSettings settings;
    private final FamErrors errors;
    private final CaptchaVerifier captcha;

    public AuthManagementService(RequestReader reader, CompatLimits limits, VerifyActions verify, PasswordResetActions reset,
            AccountActions account, CompatSettings settings, FamErrors errors, CaptchaVerifier captcha) {
        this.reader = reader;
        this.limits = limits;
        this.verify = verify;
        this.reset = reset;
        this.account = account;
        this.settings = settings;
        this.errors = errors;
        this.captcha = captcha;
    }

    /** A raw HTTP body (JSON text, possibly empty). */
    public Uni<Answer> create(String body) {
        return Uni.createFrom().deferred(() -> run(reader.read(body)))
                .onFailure().recoverWithItem(e -> errors.refusal(e, null));
    }

    /** The {@code data} of a socket call, already parsed; null when the client sent none. */
    public Uni<Answer> create(JsonNode data) {
        return Uni.createFrom().deferred(() -> run(reader.read(data)))
                .onFailure().recoverWithItem(e -> errors.refusal(e, null));
    }

    private Uni<Answer> run(ActionRequest request) {
        // a switched-off flow (or the other method's action) is refused before anything else, rate limits included
        return Uni.createFrom().deferred(() -> {
            settings.require(request.action());
            return captcha(request);
        }).chain(() -> limits.check(request)).chain(() -> dispatch(request))
                .<Answer>map(reply -> reply)
                .onFailure().recoverWithItem(e -> errors.refusal(e, request.action()));
    }

    /** The captcha guards of sendResetPwd and resendVerifySignup: the token in the body's {@code captchaResponse}. */
    private Uni<Void> captcha(ActionRequest request) {
        return switch (request.action()) {
            case SEND_RESET_PWD -> captcha.guard(Guard.FORGOT, request.captchaResponse());
            case RESEND_VERIFY_SIGNUP -> captcha.guard(Guard.RESEND, request.captchaResponse());
            default -> Uni.createFrom().voidItem();
        };
    }

    private Uni<Reply> dispatch(ActionRequest request) {
        return switch (request.action()) {
            case CHECK_UNIQUE -> account.checkUnique(request);
            case RESEND_VERIFY_SIGNUP -> verify.resend(request);
            case VERIFY_SIGNUP_LONG -> verify.verifyLong(request);
            case VERIFY_SIGNUP_SHORT -> verify.verifyShort(request);
            case VERIFY_SIGNUP_SET_PASSWORD_LONG -> verify.verifyLongSetPassword(request);
            case VERIFY_SIGNUP_SET_PASSWORD_SHORT -> verify.verifyShortSetPassword(request);
            case SEND_RESET_PWD -> reset.sendReset(request);
            case RESET_PWD_LONG -> reset.resetLong(request);
            case RESET_PWD_SHORT -> reset.resetShort(request);
            case PASSWORD_CHANGE -> account.changePassword(request);
            case IDENTITY_CHANGE -> account.changeIdentity(request);
            case OPTIONS -> Uni.createFrom().item(Reply.created(settings.options()));
            case RETRY_CUSTOM_CONFIRMATION -> verify.retryHook(request);
            case CALL_RESET_PASSWORD_FUNCTION -> reset.resetByHook(request);
            case AUTHENTICATION -> throw new IllegalStateException("not an authManagement action");
        };
    }
}
