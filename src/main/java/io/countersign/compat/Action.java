package io.countersign.compat;

import java.util.Arrays;
import java.util.Optional;

/** The actions of {@code POST /authManagement}, by wire name, and which flow's wording their errors use. */
public enum Action {
    CHECK_UNIQUE("checkUnique", Family.ACCOUNT),
    RESEND_VERIFY_SIGNUP("resendVerifySignup", Family.VERIFY),
    VERIFY_SIGNUP_LONG("verifySignupLong", Family.VERIFY),
    VERIFY_SIGNUP_SHORT("verifySignupShort", Family.VERIFY),
    VERIFY_SIGNUP_SET_PASSWORD_LONG("verifySignupSetPasswordLong", Family.VERIFY),
    VERIFY_SIGNUP_SET_PASSWORD_SHORT("verifySignupSetPasswordShort", Family.VERIFY),
    SEND_RESET_PWD("sendResetPwd", Family.RESET),
    RESET_PWD_LONG("resetPwdLong", Family.RESET),
    RESET_PWD_SHORT("resetPwdShort", Family.RESET),
    PASSWORD_CHANGE("passwordChange", Family.ACCOUNT),
    IDENTITY_CHANGE("identityChange", Family.ACCOUNT),
    OPTIONS("options", Family.ACCOUNT),
    /** Not an action: {@code POST /authentication}, whose errors follow the Feathers authentication service. */
    AUTHENTICATION("authentication", Family.ACCOUNT);

    /** Verification and reset errors are worded differently by the reference (e.g. which token expired). */
    public enum Family {
        VERIFY, RESET, ACCOUNT
    }

    private final String wireName;
    private final Family family;

    Action(String wireName, Family family) {
        this.wireName = wireName;
        this.family = family;
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
