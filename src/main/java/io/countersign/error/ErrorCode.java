package io.countersign.error;

/**
 * Stable error codes of the domain, with the HTTP status they stand for. The resource API returns {@link #code()} in
 * problem+json; the compat endpoint maps each to its Feathers envelope ({@code compat/FamErrors}). Add codes, never
 * rename them.
 */
public enum ErrorCode {

    INVALID_REQUEST(400, "invalid_request"),
    INVALID_IDENTITY(400, "invalid_identity"),
    USER_NOT_FOUND(400, "user_not_found"),
    AMBIGUOUS_USER(400, "ambiguous_user"),
    TOKEN_MALFORMED(400, "token_malformed"),
    /** Used, superseded, revoked or attempts exhausted. */
    TOKEN_INVALID(400, "token_invalid"),
    /**
     * No challenge has this token (or it was issued for another purpose). Same API code as {@link #TOKEN_INVALID};
     * the compat endpoint answers it like the reference's failed token lookup ({@code User not found.}).
     */
    TOKEN_UNKNOWN(400, "token_invalid"),
    /**
     * The account has no live challenge of this purpose to check a code against. Same API code as
     * {@link #TOKEN_INVALID}; the compat endpoint answers it like the reference's cleared expiry.
     */
    NO_PENDING_CHALLENGE(400, "token_invalid"),
    /** Wrong token or code; the challenge stays usable while attempts remain. */
    TOKEN_INCORRECT(400, "token_incorrect"),
    TOKEN_EXPIRED(400, "token_expired"),
    ALREADY_VERIFIED(400, "already_verified"),
    NOT_VERIFIED(400, "not_verified"),
    PASSWORD_INCORRECT(400, "password_incorrect"),
    PASSWORD_POLICY(400, "password_policy"),
    /** An invited account (no password yet) is verified only together with the password its owner chooses. */
    PASSWORD_REQUIRED(400, "password_required"),
    NOTHING_TO_CHANGE(400, "nothing_to_change"),
    IDENTITY_TAKEN(409, "identity_taken"),
    UNAUTHENTICATED(401, "unauthenticated"),
    FORBIDDEN(403, "forbidden"),
    NOT_FOUND(404, "not_found"),
    /** HTTP level: the path exists, the method does not. */
    METHOD_NOT_ALLOWED(405, "method_not_allowed"),
    /** HTTP level: no representation matches the {@code Accept} header. */
    NOT_ACCEPTABLE(406, "not_acceptable"),
    /** HTTP level: the body is larger than the server accepts. */
    PAYLOAD_TOO_LARGE(413, "payload_too_large"),
    /** HTTP level: a body of a content type the endpoint does not read. */
    UNSUPPORTED_MEDIA_TYPE(415, "unsupported_media_type"),
    CONFLICT(409, "conflict"),
    /** A delivery feedback webhook without a valid signature or credentials. */
    WEBHOOK_UNAUTHENTICATED(401, "webhook_unauthenticated"),
    RATE_LIMITED(429, "rate_limited"),
    /** Self-service: the snapshot token is unknown, malformed or forged. */
    SNAPSHOT_INVALID(400, "snapshot_invalid"),
    /** Self-service: the snapshot token was already submitted once (each step's token is single use). */
    SNAPSHOT_USED(400, "snapshot_used"),
    /** Self-service: the snapshot token is past its lifetime; start the process again. */
    SNAPSHOT_EXPIRED(400, "snapshot_expired"),
    /** Self-service: the snapshot token belongs to another process than the one it was submitted to. */
    SNAPSHOT_FOREIGN(400, "snapshot_foreign"),
    /** A dependency (the database) cannot be reached for now; the answer says when to retry ({@code Retry-After}). */
    UNAVAILABLE(503, "unavailable"),
    /** The flow is switched off by configuration ({@code countersign.flows.<flow>.enabled}), or its method is another. */
    FLOW_DISABLED(403, "flow_disabled"),
    /** The application's hook answered {@code fail}; the message is the hook's. */
    HOOK_REFUSED(400, "hook_refused"),
    /**
     * The application's hook timed out, could not be reached, or answered an error status or something that is not an
     * answer; nothing was completed, and the answer says when to retry ({@code Retry-After}).
     */
    HOOK_UNAVAILABLE(503, "hook_unavailable"),
    /** A captcha guards this request (countersign.captcha) and none was given. */
    CAPTCHA_REQUIRED(400, "captcha_required"),
    /** The captcha provider refused the given response: unsolved, expired, reused, too low a score, another action or host. */
    CAPTCHA_INVALID(400, "captcha_invalid"),
    /**
     * The captcha provider timed out, could not be reached, or answered an error status or something that is not an
     * answer; nothing was done (never let through unchecked), and the answer says when to retry ({@code Retry-After}).
     */
    CAPTCHA_UNAVAILABLE(503, "captcha_unavailable"),
    /**
     * Terms and conditions: a sign-up or an acceptance without {@code termsVersion}, or with another version than the
     * one in force (the answer names it and its URL).
     */
    TERMS_NOT_ACCEPTED(400, "terms_not_accepted"),
    /**
     * Terms and conditions: the password was right, but the account has not accepted the version in force; no session is
     * issued until it does (the answer names the version and its URL). Never answered to a wrong password.
     */
    TERMS_ACCEPTANCE_REQUIRED(403, "terms_acceptance_required");

    private final int status;
    private final String code;
    ErrorCode(int status, String code) {
        this.status = status;
        this.code = code;
    }

    public int status() {
        return status;
    }

    public String code() {
        return code;
    }
}
