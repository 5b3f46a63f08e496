package io.countersign.flow;

import java.util.Map;

import io.countersign.audit.Audit;
import io.countersign.audit.AuditType;
import io.countersign.error.ErrorCode;
import io.countersign.error.FlowException;
import io.countersign.event.NotificationType;
import io.countersign.user.AccessTokens;
import io.countersign.user.PasswordHasher;
import io.countersign.user.User;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;

/** The authenticated caller changes their own password, proving the current one. */
@ApplicationScoped
public class PasswordChangeService {

    private final AccessTokens tokens;
    private final PasswordHasher hasher;
    private final PasswordPolicy policy;
    private final Notifications notifications;
    private final Audit audit;

    public PasswordChangeService(AccessTokens tokens, PasswordHasher hasher, PasswordPolicy policy,
            Notifications notifications, Audit audit) {
        this.audit = audit;
        this.tokens = tokens;
        this.hasher = hasher;
        this.policy = policy;
        this.notifications = notifications;
    }

    /**
     * @param expected when not null, the identity the request names must be the caller (compat {@code value.user})
     * @return the user, whose older access tokens no longer work
     */
    public Uni<User> change(CallerCheck expected, String currentPassword, String newPassword) {
        return Result.transaction(() -> tokens.caller().chain(user -> {
            if (expected != null && !expected.matches(user)) {
                return Result.<User>refusal(new FlowException(ErrorCode.FORBIDDEN, "You can only change your own password."));
            }
            return hasher.matches(currentPassword, user.passwordHash).chain(ok -> {
                if (!ok) {
                    return Result.<User>refusal(new FlowException(ErrorCode.PASSWORD_INCORRECT,
                            "Current password is incorrect.", "currentPassword"));
                }
                return policy.vet(newPassword, user.email, user.phone, user.username)
                        .chain(() -> hasher.hash(newPassword)).chain(hash -> {
                    user.passwordHash = hash;
                    user.revokeSessions();
                    return notifications.notice(NotificationType.PASSWORD_CHANGE, user, Map.of())
                            .chain(() -> audit.record(AuditType.PASSWORD_CHANGED, user.id, Map.of("sessionsRevoked", true)))
                            .replaceWith(Result.ok(user));
                });
            });
        }));
    }
}
