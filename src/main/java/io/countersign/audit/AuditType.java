package io.countersign.audit;

/** What happened to an account; {@link #wireName()} is stored in {@code audit_log.type}. Add types, never rename. */
public enum AuditType {
    SIGNED_UP("signed_up"),
    VERIFIED("verified"),
    VERIFICATION_SENT("verification_sent"),
    RESET_REQUESTED("reset_requested"),
    PASSWORD_RESET("password_reset"),
    PASSWORD_CHANGED("password_changed"),
    IDENTITY_CHANGE_REQUESTED("identity_change_requested"),
    IDENTITY_CHANGE_CONFIRMED("identity_change_confirmed"),
    IDENTITY_CHANGE_REVERTED("identity_change_reverted"),
    LOGIN_SUCCEEDED("login_succeeded"),
    LOGIN_FAILED("login_failed"),
    SESSIONS_REVOKED("sessions_revoked"),
    SESSION_ENDED("session_ended"),
    ACCOUNT_DELETED("account_deleted"),
    RATE_LIMITED("rate_limited"),
    SIGN_UP_WITH_EXISTING_ADDRESS("sign_up_with_existing_address"),
    /** An administrator's action; {@code details.action} says which, {@code details.actor} who (issue 15). */
    ADMIN_ACTION("admin_action"),
    /** The application's hook was called; details: purpose, outcome (success, pending, fail, or why it failed closed). */
    HOOK_CALLED("hook_called"),
    /** A provider reported a hard bounce or complaint for the account's email address: it is not mailed any more. */
    EMAIL_UNDELIVERABLE("email_undeliverable"),
    /** A notification was not queued for an undeliverable email address (sent by SMS instead when there is a phone). */
    NOTIFICATION_SUPPRESSED("notification_suppressed"),
    /**
     * The notifier's SMS abuse guard refused an SMS (written by the notifier in SQL: it imports nothing of ours);
     * details: reason ({@code country}, {@code prefix-cap}, {@code global-cap}), type, prefix, the masked recipient and
     * the message id.
     */
    SMS_REFUSED("sms_refused"),
    /** The username was sent to the account's address (self-service usernameRetrieval). */
    USERNAME_SENT("username_sent"),
    /** The account accepted the terms and conditions; details: version (the client IP and agent are the entry's). */
    TERMS_ACCEPTED("terms_accepted");

    private final String wireName;

    AuditType(String wireName) {
        this.wireName = wireName;
    }

    public String wireName() {
        return wireName;
    }
}
