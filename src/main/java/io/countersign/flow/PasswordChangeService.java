package io.countersign.flow;

import java.util.Map;

import io.countersign.audit.Audit;
import io.countersign.audit.AuditType;
import io.countersign.error.ErrorCode;
import io.countersign.error.FlowException;
import io.countersign.event.NotificationType;
import io.countersign.user.AccessTokens;
import io.countersign.user.PasswordHasher;
import io.countersign.user.SessionRepository;
import io.countersign.user.User;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;

/** The authenticated caller changes their own password, proving the current one; other sessions end. */
@ApplicationScoped
public class PasswordChangeService {

    private final AccessTokens tokens;
    private final PasswordHasher hasher;
    private final PasswordPolicy policy;
    private final Notifications notifications;
    private final Audit audit;
    private final SessionRepository sessions;

    public PasswordChangeService(AccessTokens tokens, PasswordHasher hasher, PasswordPolicy policy,
            Notifications notifications, Audit audit, SessionRepository sessions) {
        this.tokens = tokens;
        this.hasher = hasher;
        this.policy = policy;
        this.notifications = notifications;
        this.audit = audit;
        this.sessions = sessions;
    }

    /**
     * @param expected when not null, the identity the request names must be the caller (compat {@code value.user})
     * @return the caller, whose session stays while every other session of the account ends (ASVS 5.0 7.4.3: the
     *         user changing the password is not logged out by it; anyone else holding a session is)
     */
    public Uni<AccessTokens.Caller> change(CallerCheck expected, String currentPassword, String newPassword) {
        return Result.transaction(() -> tokens.session().chain(caller -> {
            User user = caller.user();
            if (expected != null && !expected.matches(user)) {
                return Result.<AccessTokens.Caller>refusal(new FlowException(ErrorCode.FORBIDDEN,
                        "You can only change your own password."));
            }
            return hasher.matches(currentPassword, user.passwordHash).chain(ok -> {
                if (!ok) {
                    return Result.<AccessTokens.Caller>refusal(new FlowException(ErrorCode.PASSWORD_INCORRECT,
                            "Current password is incorrect.", "currentPassword"));
                }
                return policy.vet(newPassword, user.email, user.phone, user.username)
                        .chain(() -> hasher.hash(newPassword)).chain(hash -> {
                    user.passwordHash = hash;
                    return sessions.endAllBut(user, caller.sessionId())
                            .chain(ended -> notifications.notice(NotificationType.PASSWORD_CHANGE, user, Map.of())
                                    .chain(() -> audit.record(AuditType.PASSWORD_CHANGED, user.id, Map.of("otherSessionsEnded", ended))))
                            .replaceWith(Result.ok(caller));
                });
            });
        }));
    }
}
