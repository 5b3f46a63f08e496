package io.countersign.compat;

import java.util.Map;

import org.jboss.logging.Logger;

import io.countersign.config.AvailabilityConfig;
import io.countersign.error.ErrorCode;
import io.countersign.error.RateLimited;
import io.countersign.error.FlowException;
import io.countersign.error.HookUnavailable;
import io.countersign.error.TermsRefusal;
import io.countersign.error.Unavailable;
import io.countersign.error.UniqueViolation;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * Turns failures into the feathers-authentication-management error bodies (docs/compat.md §1.3, §2): the same
 * {@code message} and {@code errors.$className} the reference library answers with for the same situation.
 * 4xx are logged at DEBUG (code only), a database outage at WARN as 503 {@code Unavailable}, anything unexpected at
 * ERROR with its stack trace and a generic body.
 */
@ApplicationScoped
public class FamErrors {

    static final String INVALID_TOKEN = "Invalid token. Get for a new one. (authLocalMgnt)";
    static final String USER_INFO_NOT_VALID = "User info is not valid. (authLocalMgnt)";
    static final String EXPECTED_STRING = "Expected string value. (authLocalMgnt)";
    static final String NOTHING_TO_VERIFY = "User is already verified & not awaiting changes.";
    static final String ALREADY_TAKEN = "Already taken.";

    private static final Logger LOG = Logger.getLogger(FamErrors.class);

    private final AvailabilityConfig availability;

    public FamErrors(AvailabilityConfig availability) {
        this.availability = availability;
    }

    /** The refusal for a failure; a rate limit and an outage (503) also say when to retry. */
    public Refusal refusal(Throwable failure, Action action) {
        FeathersError error = toError(failure, action);
        return new Refusal(error, error.code() == 503 ? availability.retryAfterSeconds() : RateLimited.retryAfter(failure));
    }

    public FeathersError toError(Throwable failure, Action action) {
        if (failure instanceof FeathersError.Failure f) {
            return logged(f.error());
        }
        if (failure instanceof HookUnavailable e) {
            // 503 Unavailable with Retry-After (Wire), logged by the hook client
            return FeathersError.of(e.code().status(), e.getMessage());
        }
        if (failure instanceof FlowException e) {
            return logged(fromFlow(e, action));
        }
        if (UniqueViolation.isUniqueViolation(failure)) {
            // a race lost between the uniqueness check and the insert/update
            return logged(FeathersError.badParams("Values already taken."));
        }
        if (Unavailable.isUnavailable(failure)) {
            // a database outage: 503 with Retry-After (Wire), logged once per request without the stack trace
            LOG.warnf("Database unavailable in authManagement %s: %s", action == null ? "" : action.wireName(), failure.toString());
            return FeathersError.of(ErrorCode.UNAVAILABLE.status(), "The service is unavailable for a moment; try again shortly.");
        }
        LOG.error("Unexpected failure in authManagement " + (action == null ? "" : action.wireName()), failure);
        return FeathersError.of(500, "Something went wrong on our side; try again later.");
    }

    private static FeathersError fromFlow(FlowException e, Action action) {
        boolean reset = action != null && action.family() == Action.Family.RESET;
        return switch (e.code()) {
            case USER_NOT_FOUND, TOKEN_UNKNOWN -> FeathersError.badParams("User not found.");
            case AMBIGUOUS_USER -> FeathersError.badParams("More than 1 user selected.");
            case TOKEN_MALFORMED -> FeathersError.badParams("Token is not in the correct format.");
            case INVALID_IDENTITY -> FeathersError.badRequest(USER_INFO_NOT_VALID, "badParams", field(e));
            case INVALID_REQUEST, PASSWORD_POLICY, PASSWORD_REQUIRED, NOTHING_TO_CHANGE ->
                FeathersError.badRequest(e.getMessage(), "badParams", field(e));
            case TOKEN_EXPIRED, NO_PENDING_CHALLENGE -> reset
                    ? FeathersError.badRequest("Password reset token has expired.", "resetExpired", null)
                    : FeathersError.badRequest("Verification token has expired.", "verifyExpired", null);
            case TOKEN_INCORRECT -> reset
                    ? FeathersError.badRequest("Reset Token is incorrect. (authLocalMgnt)", "incorrectToken", null)
                    : FeathersError.badRequest(INVALID_TOKEN, "badParam", null);
            case TOKEN_INVALID -> FeathersError.badRequest(INVALID_TOKEN, "invalidToken", null);
            case ALREADY_VERIFIED -> action == Action.RESEND_VERIFY_SIGNUP
                    ? FeathersError.badRequest("User is already verified.", "isNotVerified", null)
                    : FeathersError.badRequest(NOTHING_TO_VERIFY, "nothingToVerify", null);
            case NOT_VERIFIED -> action == Action.AUTHENTICATION
                    ? FeathersError.badRequest(e.getMessage(), "isVerified", null)
                    : FeathersError.badRequest("User is not verified.", "isVerified", null);
            case PASSWORD_INCORRECT -> action == Action.PASSWORD_CHANGE
                    ? FeathersError.badRequest("Current password is incorrect.", null,
                            Map.of("oldPassword", "Current password is incorrect."))
                    : FeathersError.badRequest("Password is incorrect.", "badParams", Map.of("password", "Password is incorrect."));
            case HOOK_REFUSED -> FeathersError.badRequest(e.getMessage(), "hookRefused", null);
            case CAPTCHA_REQUIRED -> FeathersError.badRequest(e.getMessage(), "captchaRequired", null);
            case CAPTCHA_INVALID -> FeathersError.badRequest(e.getMessage(), "captchaInvalid", null);
            case TERMS_ACCEPTANCE_REQUIRED, TERMS_NOT_ACCEPTED -> terms((TermsRefusal) e);
            case IDENTITY_TAKEN -> FeathersError.badRequest("Values already taken.", "badParams",
                    e.field() == null ? null : Map.of(e.field(), ALREADY_TAKEN));
            default -> FeathersError.of(e.code().status(), e.getMessage());
        };
    }

    /**
     * A terms refusal: the Feathers error of its status (403 Forbidden, 400 BadRequest) with {@code data} naming the
     * stable code, the version in force and where to read it, so that a client can show them and log in again with
     * {@code termsVersion}.
     */
    private static FeathersError terms(TermsRefusal e) {
        FeathersError plain = FeathersError.of(e.code().status(), e.getMessage());
        return new FeathersError(plain.name(), plain.message(), plain.code(), plain.className(),
                Map.of("code", e.code().code(), "termsVersion", e.version(), "termsUrl", e.url()), null);
    }

    private static Map<String, String> field(FlowException e) {
        return e.field() == null ? null : Map.of(e.field(), e.getMessage());
    }

    private static FeathersError logged(FeathersError error) {
        LOG.debugf("authManagement answered %d %s", error.code(), error.className());
        return error;
    }
}
