package io.countersign.flow;

import java.util.Map;

import io.countersign.audit.Audit;
import io.countersign.audit.AuditType;
import io.countersign.error.ErrorCode;
import io.countersign.error.FlowException;
import io.countersign.event.NotificationType;
import io.countersign.security.EqualTiming;
import io.countersign.user.Identity;
import io.countersign.user.User;
import io.countersign.user.UserRepository;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * Forgotten username: sends the account's username to its own (verified) address. With enumeration protection on, an
 * unknown or unverified account, or one without a username, answers like any other, nothing is sent, and the answer
 * takes as long as one that sent a message (timed with the forgot-password answers, whose work it resembles).
 */
@ApplicationScoped
public class UsernameReminder {

    private final UserRepository users;
    private final Notifications notifications;
    private final ChallengeSending sending;
    private final Audit audit;
    private final EqualTiming timing;

    public UsernameReminder(UserRepository users, Notifications notifications, ChallengeSending sending, Audit audit,
            EqualTiming timing) {
        this.users = users;
        this.notifications = notifications;
        this.sending = sending;
        this.audit = audit;
        this.timing = timing;
    }

    public Uni<Void> send(Identity identity, Map<String, String> notifierOptions) {
        EqualTiming.Watch watch = timing.start(EqualTiming.Action.FORGOT);
        return timing.settle(watch, Result.transaction(() -> users.findByIdentity(identity)
                .chain(found -> sending.withOne(found, user -> {
                    if (!user.verified || user.username == null) {
                        return sending.quietly(new FlowException(ErrorCode.NOT_VERIFIED,
                                "The account is not verified or has no username."));
                    }
                    watch.didWork();
                    return notifications.withOptions(NotificationType.USERNAME_REMINDER, user, notifierOptions,
                            Map.of("username", user.username))
                            .chain(() -> audit.record(AuditType.USERNAME_SENT, user.id))
                            .replaceWith(Result.<User>ok(user));
                })))).replaceWithVoid();
    }
}
