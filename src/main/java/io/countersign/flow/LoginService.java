package io.countersign.flow;

import java.time.OffsetDateTime;
import java.util.Map;

import io.countersign.audit.Audit;
import io.countersign.audit.AuditType;
import io.countersign.config.CountersignConfig;
import io.countersign.error.ErrorCode;
import io.countersign.error.FlowException;
import io.countersign.user.AccessTokens;
import io.countersign.user.Identity;
import io.countersign.user.PasswordHasher;
import io.countersign.user.User;
import io.countersign.user.UserRepository;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.LockModeType;

/** Password login and logout everywhere. */
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

    public LoginService(UserRepository users, PasswordHasher hasher, AccessTokens tokens, CountersignConfig config, Audit audit) {
        this.audit = audit;
        this.lockout = new Lockout(config.login());
        this.users = users;
        this.hasher = hasher;
        this.tokens = tokens;
        this.allowUnverified = config.login().allowUnverified();
    }

    /**
     * Unknown user and wrong password answer alike ({@code unauthenticated}) and cost the same time. Every outcome
     * is audited in the same transaction, failures included (a refusal commits, see {@link Result}).
     */
    public Uni<Session> login(Identity identity, String password) {
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
                    user.failedLogins = 0;
                    user.lockedUntil = null;
                    return audit.record(AuditType.LOGIN_SUCCEEDED, user.id)
                            .replaceWith(Result.ok(new Session(tokens.issue(user), user)));
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

    /** The caller's own account. */
    public Uni<User> me() {
        return tokens.caller();
    }

    private static FlowException invalidLogin() {
        return new FlowException(ErrorCode.UNAUTHENTICATED, "Invalid login");
    }
}
