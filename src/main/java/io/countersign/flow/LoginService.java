package io.countersign.flow;

import java.time.OffsetDateTime;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import io.countersign.audit.Audit;
import io.countersign.audit.AuditType;
import io.countersign.audit.ClientInfo;
import io.countersign.config.CountersignConfig;
import io.countersign.error.ErrorCode;
import io.countersign.error.FlowException;
import io.countersign.user.AccessTokens;
import io.countersign.user.Identity;
import io.countersign.user.PasswordHasher;
import io.countersign.user.SessionRepository;
import io.countersign.user.User;
import io.countersign.user.UserRepository;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.LockModeType;

/** Password login, the account's sessions, and logout everywhere. */
@ApplicationScoped
public class LoginService {

    /** A successful login. */
    public record Session(String accessToken, User user) {
    }

    private final UserRepository users;
    private final PasswordHasher hasher;
    private final AccessTokens tokens;
    private final boolean allowUnverified;
    private final Lockout lockout;
    private final Audit audit;
    private final SessionRepository sessions;
    private final ClientInfo client;
    private final Terms terms;

    public LoginService(UserRepository users, PasswordHasher hasher, AccessTokens tokens, CountersignConfig config, Audit audit,
            SessionRepository sessions, ClientInfo client, Terms terms) {
        this.users = users;
        this.hasher = hasher;
        this.tokens = tokens;
        this.allowUnverified = config.login().allowUnverified();
        this.lockout = new Lockout(config.login());
        this.audit = audit;
        this.sessions = sessions;
        this.client = client;
        this.terms = terms;
    }

    /**
     * Unknown user and wrong password answer alike ({@code unauthenticated}) and cost the same time. Every outcome
     * is audited in the same transaction, failures included (a refusal commits, see {@link Result}).
     */
    public Uni<Session> login(Identity identity, String password) {
        return login(identity, password, null);
    }

    /**
     * As {@link #login(Identity, String)}, accepting the terms and conditions in force when {@code termsVersion} names
     * them. Only after the right password: an account that has not accepted the version in force while the terms are
     * required is refused ({@code terms_acceptance_required}, with the version and its URL, no session) unless this
     * login accepts it; the acceptance is recorded in the login's transaction. A wrong password answers as ever.
     */
    public Uni<Session> login(Identity identity, String password, String termsVersion) {
        return Result.transaction(() -> users.findOneOrNull(identity).chain(user -> hasher
                .matches(password, user == null ? null : user.passwordHash)
                .chain(ok -> {
                    if (user == null) {
                        return failed(null, "unknown_account");
                    }
                    OffsetDateTime now = OffsetDateTime.now();
                    if (user.lockedUntil != null && user.lockedUntil.isAfter(now)) {
                        // locked: answer like a wrong password, whatever was given (no oracle for guessing)
                        return failed(user, "locked");
                    }
                    if (!ok) {
                        // read the counter again under a row lock, taken only now (not across the hash): concurrent
                        // wrong passwords for one account queue here and each counts, none overwrites another
                        return Panache.getSession().chain(session -> session.refresh(user, LockModeType.PESSIMISTIC_WRITE))
                                .chain(() -> {
                                    if (user.lockedUntil != null && user.lockedUntil.isAfter(now)) {
                                        return failed(user, "locked"); // a concurrent failure locked it meanwhile
                                    }
                                    user.failedLogins++;
                                    user.lockedUntil = lockout.lockUntil(user.failedLogins, now);
                                    return failed(user, "wrong_password");
                                });
                    }
                    if (!user.verified && !allowUnverified) {
                        return audit.record(AuditType.LOGIN_FAILED, user.id, Map.of("reason", "not_verified"))
                                .replaceWith(Result.<Session>refused(new FlowException(ErrorCode.NOT_VERIFIED,
                                        "User's email is not yet verified.")));
                    }
                    boolean accepting = terms.accepts(termsVersion) && terms.pending(user);
                    if (!accepting && terms.outdated(user)) {
                        return audit.record(AuditType.LOGIN_FAILED, user.id, Map.of("reason", "terms_not_accepted"))
                                .replaceWith(Result.<Session>refused(terms.acceptanceRequired()));
                    }
                    user.failedLogins = 0;
                    user.lockedUntil = null;
                    return (accepting ? terms.record(user) : Uni.createFrom().voidItem())
                            .chain(() -> audit.record(AuditType.LOGIN_SUCCEEDED, user.id))
                            .chain(() -> tokens.open(user, client.userAgent()))
                            .map(token -> Result.ok(new Session(token, user)));
                })));
    }

    private Uni<Result<Session>> failed(User user, String reason) {
        Map<String, Object> details = user == null ? Map.of("reason", reason)
                : Map.of("reason", reason, "consecutiveFailures", user.failedLogins);
        return audit.record(AuditType.LOGIN_FAILED, user == null ? null : user.id, details)
                .replaceWith(Result.<Session>refused(invalidLogin()));
    }

    /** Re-authentication with a still valid access token (Feathers' {@code jwt} strategy): the same token back. */
    public Uni<Session> resume(String accessToken) {
        return tokens.verify(accessToken).map(user -> new Session(accessToken, user));
    }

    /** Revokes every access token of the caller, including the one used for this request. */
    public Uni<User> logoutEverywhere() {
        return Result.transaction(() -> tokens.caller().map(user -> {
            user.revokeSessions();
            return user;
        }).chain(user -> audit.record(AuditType.SESSIONS_REVOKED, user.id).replaceWith(Result.ok(user))));
    }

    /** One live session of the caller's account; {@code current} marks the caller's own. */
    public record SessionInfo(UUID id, OffsetDateTime createdAt, OffsetDateTime expiresAt, String userAgent, boolean current) {
    }

    /** The live sessions of the caller's account, newest first. */
    public Uni<List<SessionInfo>> sessions() {
        return Panache.withSession(() -> tokens.session().chain(caller -> sessions.live(caller.user()).map(list -> list.stream()
                .map(s -> new SessionInfo(s.id, s.createdAt, s.expiresAt, s.userAgent, s.id.equals(caller.sessionId()))).toList())));
    }

    /**
     * Ends one session of the caller's account (the caller's own included: that is a logout here only);
     * {@code not_found} when the account has no such live session.
     */
    public Uni<Void> endSession(UUID sessionId) {
        return Result.transaction(() -> tokens.caller().chain(user -> sessions.end(user, sessionId).chain(ended -> !ended
                ? Result.<Void>refusal(new FlowException(ErrorCode.NOT_FOUND, "No such session."))
                : audit.record(AuditType.SESSION_ENDED, user.id, Map.of("session", sessionId.toString()))
                        .replaceWith(Result.<Void>ok(null)))));
    }

    /** The caller's own account. */
    public Uni<User> me() {
        return tokens.caller();
    }

    private static FlowException invalidLogin() {
        return new FlowException(ErrorCode.UNAUTHENTICATED, "Invalid login");
    }
}
