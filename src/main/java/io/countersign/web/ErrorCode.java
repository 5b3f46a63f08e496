package io.countersign.web;

/**
 * Stable error codes. The resource API returns {@link #code()} in problem+json; the compat endpoint maps each to
 * the feathers-authentication-management {@code $className} it answers with. Add codes, never rename them.
 */
public enum ErrorCode {

    INVALID_REQUEST(400, "invalid_request", "badParams"),
    INVALID_IDENTITY(400, "invalid_identity", "badParams"),
    USER_NOT_FOUND(400, "user_not_found", "badParams"),
    AMBIGUOUS_USER(400, "ambiguous_user", "badParams"),
    TOKEN_MALFORMED(400, "token_malformed", "badParams"),
    /** Used, superseded, revoked or attempts exhausted. */
    TOKEN_INVALID(400, "token_invalid", "invalidToken"),
    /**
     * No challenge has this token (or it was issued for another purpose). Same API code as {@link #TOKEN_INVALID};
     * the compat endpoint answers it like the reference's failed token lookup ({@code User not found.}).
     */
    TOKEN_UNKNOWN(400, "token_invalid", "badParams"),
    /**
     * The account has no live challenge of this purpose to check a code against. Same API code as
     * {@link #TOKEN_INVALID}; the compat endpoint answers it like the reference's cleared expiry.
     */
    NO_PENDING_CHALLENGE(400, "token_invalid", "invalidToken"),
    /** Wrong token or code; the challenge stays usable while attempts remain. */
    TOKEN_INCORRECT(400, "token_incorrect", "incorrectToken"),
    TOKEN_EXPIRED(400, "token_expired", "verifyExpired"),
    ALREADY_VERIFIED(400, "already_verified", "isNotVerified"),
    NOT_VERIFIED(400, "not_verified", "isVerified"),
    PASSWORD_INCORRECT(400, "password_incorrect", "badParam"),
    PASSWORD_POLICY(400, "password_policy", "badParams"),
    NOTHING_TO_CHANGE(400, "nothing_to_change", "badParams"),
    IDENTITY_TAKEN(409, "identity_taken", "badParams"),
    UNAUTHENTICATED(401, "unauthenticated", "notAuthenticated"),
    FORBIDDEN(403, "forbidden", "forbidden"),
    NOT_FOUND(404, "not_found", "notFound"),
    /** HTTP level: the path exists, the method does not. */
    METHOD_NOT_ALLOWED(405, "method_not_allowed", "methodNotAllowed"),
    /** HTTP level: no representation matches the {@code Accept} header. */
    NOT_ACCEPTABLE(406, "not_acceptable", "notAcceptable"),
    /** HTTP level: the body is larger than the server accepts. */
    PAYLOAD_TOO_LARGE(413, "payload_too_large", "payloadTooLarge"),
    /** HTTP level: a body of a content type the endpoint does not read. */
    UNSUPPORTED_MEDIA_TYPE(415, "unsupported_media_type", "unsupportedMediaType"),
    CONFLICT(409, "conflict", "conflict"),
    RATE_LIMITED(429, "rate_limited", "tooManyRequests");

    private final int status;
    private final String code;
    private final String famClassName;

    ErrorCode(int status, String code, String famClassName) {
        this.status = status;
        this.code = code;
        this.famClassName = famClassName;
    }

    public int status() {
        return status;
    }

    public String code() {
        return code;
    }

    public String famClassName() {
        return famClassName;
    }
}
