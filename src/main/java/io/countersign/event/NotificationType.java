package io.countersign.event;

import java.util.Arrays;
import java.util.Optional;

/**
 * The notifications Countersign asks to be sent. Wire names follow feathers-authentication-management where
 * it has one. Part of the public event contract (docs/events.md): add values, never rename or remove them.
 */
public enum NotificationType {

    /** Sign-up or resend: carries a verification link token and code for the address to verify. */
    RESEND_VERIFY_SIGNUP("resendVerifySignup", true),
    /** The account was verified. */
    VERIFY_SIGNUP("verifySignup", false),
    /** The account was verified and its password set. */
    VERIFY_SIGNUP_SET_PASSWORD("verifySignupSetPassword", false),
    /** Forgotten password: carries a reset link token and code. */
    SEND_RESET_PWD("sendResetPwd", true),
    /** The password was reset. */
    RESET_PWD("resetPwd", false),
    /** The password was changed by its owner. */
    PASSWORD_CHANGE("passwordChange", false),
    /** An email/phone change was requested: carries a confirmation token and code, sent to the new address. */
    IDENTITY_CHANGE("identityChange", true),
    /** An email/phone change was confirmed: sent to the old address, carries a revert token. */
    IDENTITY_CHANGE_REVERT("identityChangeRevert", true),
    /** A change of email/phone was reverted from the old address: carries a password-reset token and code. */
    IDENTITY_CHANGE_REVERTED("identityChangeReverted", true),
    /** Someone tried to sign up with an address that already has an account. */
    ACCOUNT_EXISTS("accountExists", false),
    /** The account was deleted, by its owner or an administrator; sent to its last addresses. */
    ACCOUNT_DELETED("accountDeleted", false),
    /** Forgotten username: the account's username ({@code details.username}), sent to its own address. */
    USERNAME_REMINDER("usernameReminder", false);

    /** Version of the event data shape; part of every CloudEvents type name. */
    public static final int VERSION = 1;

    private final String wireName;
    private final boolean carriesSecret;

    NotificationType(String wireName, boolean carriesSecret) {
        this.wireName = wireName;
        this.carriesSecret = carriesSecret;
    }

    public String wireName() {
        return wireName;
    }

    /** Whether events of this type carry an encrypted token/code. */
    public boolean carriesSecret() {
        return carriesSecret;
    }

    /** The CloudEvents {@code type}, e.g. {@code countersign.notification.sendResetPwd.v1}. */
    public String cloudEventType() {
        return "countersign.notification." + wireName + ".v" + VERSION;
    }

    public static Optional<NotificationType> fromWireName(String name) {
        return Arrays.stream(values()).filter(t -> t.wireName.equals(name)).findFirst();
    }

    public static Optional<NotificationType> fromCloudEventType(String type) {
        return Arrays.stream(values()).filter(t -> t.cloudEventType().equals(type)).findFirst();
    }
}
