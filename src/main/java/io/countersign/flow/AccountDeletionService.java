package io.countersign.flow;

import java.util.Map;
import java.util.UUID;

import io.countersign.audit.Actor;
import io.countersign.audit.Audit;
import io.countersign.audit.AuditType;
import io.countersign.error.ErrorCode;
import io.countersign.error.FlowException;
import io.countersign.event.NotificationType;
import io.countersign.user.AccessTokens;
import io.countersign.user.PasswordHasher;
import io.countersign.user.User;
import io.countersign.user.UserRepository;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * Deleting an account, by its owner (proving the password) or by an administrator. In one transaction: a notice to
 * the account's addresses goes into the outbox, the account goes with its challenges and sessions (the database
 * cascades), the audit forgets the client addresses of the account's entries and records the deletion without
 * them. The email, phone and username are free again at once.
 */
@ApplicationScoped
public class AccountDeletionService {

    /** Who deleted the account, as the notice's {@code details.deletedBy} and the audit entry say. */
    static final String BY_OWNER = "owner";
    static final String BY_ADMIN = "admin";

    private final AccessTokens tokens;
    private final UserRepository users;
    private final PasswordHasher hasher;
    private final Notifications notifications;
    private final Audit audit;

    public AccountDeletionService(AccessTokens tokens, UserRepository users, PasswordHasher hasher, Notifications notifications,
            Audit audit) {
        this.tokens = tokens;
        this.users = users;
        this.hasher = hasher;
        this.notifications = notifications;
        this.audit = audit;
    }

    /** The caller deletes their own account; {@code password_incorrect} changes nothing. */
    public Uni<Void> deleteOwn(String password) {
        return Result.transaction(() -> tokens.caller().chain(user -> hasher.matches(password, user.passwordHash)
                .chain(ok -> ok ? delete(user, BY_OWNER)
                        : Result.<Void>refusal(new FlowException(ErrorCode.PASSWORD_INCORRECT, "Password is incorrect.", "password")))));
    }

    /**
     * An administrator (already authorised by the admin edge) deletes an account; {@code not_found} when there is none
     * with this id. The deletion's audit entry names the acting admin ({@code details.actor}).
     */
    public Uni<Void> deleteByAdmin(UUID id, Actor actor) {
        return Result.transaction(() -> users.findById(id)
                .chain(user -> user == null ? Result.<Void>refusal(new FlowException(ErrorCode.NOT_FOUND, "No such account."))
                        : delete(user, BY_ADMIN, Map.of("deletedBy", BY_ADMIN, "actor", actor.toString()))));
    }

    private Uni<Result<Void>> delete(User user, String by) {
        return delete(user, by, Map.of("deletedBy", by));
    }

    private Uni<Result<Void>> delete(User user, String by, Map<String, ?> audited) {
        UUID id = user.id;
        return notifications.notice(NotificationType.ACCOUNT_DELETED, user, Map.of("deletedBy", by))
                .chain(() -> users.delete(user))
                .chain(() -> audit.recordErasure(AuditType.ACCOUNT_DELETED, id, audited))
                .replaceWith(Result.ok(null));
    }
}
