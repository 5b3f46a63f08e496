package io.countersign.flow;

import java.time.OffsetDateTime;

import io.countersign.config.CountersignConfig;
import io.countersign.user.AccessTokens;
import io.countersign.user.Identity;
import io.countersign.user.PasswordHasher;
import io.countersign.user.User;
import io.countersign.user.UserRepository;
import io.countersign.web.ErrorCode;
import io.countersign.web.FlowException;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;

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

    public LoginService(UserRepository users, PasswordHasher hasher, AccessTokens tokens, CountersignConfig config) {
        this.lockout = new Lockout(config.login());
        this.users = users;
        this.hasher = hasher;
        this.tokens = tokens;
        this.allowUnverified = config.login().allowUnverified();
    }

    /** Unknown user and wrong password answer alike ({@code unauthenticated}) and cost the same time. */
    public Uni<Session> login(Identity identity, String password) {
        return Result.transaction(() -> users.findOneOrNull(identity).chain(user -> hasher
                .matches(password, user == null ? null : user.passwordHash)
                .map(ok -> {
                    if (user == null) {
                        return Result.<Session>refused(invalidLogin());
                    }
                    OffsetDateTime now = OffsetDateTime.now();
                    if (user.lockedUntil != null && user.lockedUntil.isAfter(now)) {
                        // locked: answer like a wrong password, whatever was given (no oracle for guessing)
                        return Result.<Session>refused(invalidLogin());
                    }
                    if (!ok) {
                        user.failedLogins++;
                        user.lockedUntil = lockout.lockUntil(user.failedLogins, now);
                        return Result.<Session>refused(invalidLogin());
                    }
                    if (!user.verified && !allowUnverified) {
                        return Result.<Session>refused(new FlowException(ErrorCode.NOT_VERIFIED,
                                "User's email is not yet verified."));
                    }
                    user.failedLogins = 0;
                    user.lockedUntil = null;
                    return Result.ok(new Session(tokens.issue(user), user));
                })));
    }

    /** Re-authentication with a still valid access token (Feathers' {@code jwt} strategy): the same token back. */
    public Uni<Session> resume(String accessToken) {
        return tokens.verify(accessToken).map(user -> new Session(accessToken, user));
    }

    /** Revokes every access token of the caller, including the one used for this request. */
    public Uni<User> logoutEverywhere() {
        return Result.transaction(() -> tokens.caller().map(user -> {
            user.revokeSessions();
            return Result.ok(user);
        }));
    }

    /** The caller's own account. */
    public Uni<User> me() {
        return tokens.caller();
    }

    private static FlowException invalidLogin() {
        return new FlowException(ErrorCode.UNAUTHENTICATED, "Invalid login");
    }
}
