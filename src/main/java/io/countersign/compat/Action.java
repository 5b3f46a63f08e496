package io.countersign.compat;

import java.util.Arrays;
import java.util.Optional;

import io.countersign.config.Flow;
import io.countersign.flow.Methods.Variant;

/**
 * The actions of {@code POST /authManagement}, by wire name, which flow's wording their errors use, and the switchable
 * flow (and method variant) each belongs to: a switched-off one answers {@code flow_disabled} and is left out of
 * {@code options}.
 */
public enum Action {
    CHECK_UNIQUE("checkUnique", Family.ACCOUNT, null, null),
    RESEND_VERIFY_SIGNUP("resendVerifySignup", Family.VERIFY, Flow.RESEND, Variant.RESEND_MESSAGE),
    VERIFY_SIGNUP_LONG("verifySignupLong", Family.VERIFY, Flow.VERIFY_LINK, null),
    VERIFY_SIGNUP_SHORT("verifySignupShort", Family.VERIFY, Flow.VERIFY_CODE, null),
    VERIFY_SIGNUP_SET_PASSWORD_LONG("verifySignupSetPasswordLong", Family.VERIFY, Flow.VERIFY_LINK, null),
    VERIFY_SIGNUP_SET_PASSWORD_SHORT("verifySignupSetPasswordShort", Family.VERIFY, Flow.VERIFY_CODE, null),
    SEND_RESET_PWD("sendResetPwd", Family.RESET, Flow.RESET, Variant.FORGOT_MESSAGE),
    RESET_PWD_LONG("resetPwdLong", Family.RESET, Flow.RESET, null),
    RESET_PWD_SHORT("resetPwdShort", Family.RESET, Flow.RESET, null),
    PASSWORD_CHANGE("passwordChange", Family.ACCOUNT, Flow.PASSWORD_CHANGE, null),
    IDENTITY_CHANGE("identityChange", Family.ACCOUNT, Flow.IDENTITY_CHANGE, null),
    OPTIONS("options", Family.ACCOUNT, null, null),
    /** Countersign's: the confirmation hook again (MongoDB Atlas' retryCustomConfirmation), docs/hooks.md. */
    RETRY_CUSTOM_CONFIRMATION("retryCustomConfirmation", Family.VERIFY, Flow.RESEND, Variant.RETRY_HOOK),
    /** Countersign's: reset through the hook (MongoDB Atlas' callResetPasswordFunction), docs/hooks.md. */
    CALL_RESET_PASSWORD_FUNCTION("callResetPasswordFunction", Family.RESET, Flow.RESET, Variant.RESET_HOOK),
    /** Not an action: {@code POST /authentication}, whose errors follow the Feathers authentication service. */
    AUTHENTICATION("authentication", Family.ACCOUNT, Flow.LOGIN, null);

    /** Verification and reset errors are worded differently by the reference (e.g. which token expired). */
    public enum Family {
        VERIFY, RESET, ACCOUNT
    }

    private final String wireName;
    private final Family family;
    private final Flow flow;
    private final Variant variant;

    Action(String wireName, Family family, Flow flow, Variant variant) {
        this.wireName = wireName;
        this.family = family;
        this.flow = flow;
        this.variant = variant;
    }

    /** The switchable flow, or null for an action that is always offered. */
    public Flow flow() {
        return flow;
    }

    /** The method variant of the flow (e-mail or hook), or null when the action works with either. */
    public Variant variant() {
        return variant;
    }

    public String wireName() {
        return wireName;
    }

    public Family family() {
        return family;
    }

    public static Optional<Action> fromWireName(String name) {
        return Arrays.stream(values()).filter(a -> a != AUTHENTICATION && a.wireName.equals(name)).findFirst();
    }
}
