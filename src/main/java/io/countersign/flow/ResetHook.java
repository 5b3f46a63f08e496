package io.countersign.flow;

import java.util.Map;

import io.countersign.audit.Audit;
import io.countersign.audit.AuditType;
import io.countersign.challenge.ChallengeService;
import io.countersign.challenge.ChallengeService.Issued;
import io.countersign.challenge.Purpose;
import io.countersign.config.CountersignConfig;
import io.countersign.error.ErrorCode;
import io.countersign.error.FlowException;
import io.countersign.event.NotificationType;
import io.countersign.hook.HookCall;
import io.countersign.security.EqualTiming;
import io.countersign.user.Identity;
import io.countersign.user.PasswordHasher;
import io.countersign.user.User;
import io.countersign.user.UserRepository;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * Password reset by the application's hook ({@code countersign.hooks.reset-method=hook}), like MongoDB Atlas'
 * {@code callResetPasswordFunction(email, password, args)}: the caller gives the new password and free-form arguments;
 * the hook gets the arguments and a reset token (never the password). On {@code success} the password is set at once;
 * on {@code pending} the application delivers token and token id, and the user resets with them (giving the password
 * again); on {@code fail} nothing changes.
 */
@ApplicationScoped
public class ResetHook {

    private final HookRun run;
    private final UserRepository users;
    private final ChallengeService challenges;
    private final ChallengeSending sending;
    private final Notifications notifications;
    private final PasswordHasher hasher;
    private final PasswordPolicy policy;
    private final CountersignConfig config;
    private final Audit audit;
    private final EqualTiming timing;
    private final Methods methods;

    public ResetHook(HookRun run, UserRepository users, ChallengeService challenges, ChallengeSending sending,
            Notifications notifications, PasswordHasher hasher, PasswordPolicy policy, CountersignConfig config, Audit audit,
            EqualTiming timing, Methods methods) {
        this.run = run;
        this.users = users;
        this.challenges = challenges;
        this.sending = sending;
        this.notifications = notifications;
        this.hasher = hasher;
        this.policy = policy;
        this.config = config;
        this.audit = audit;
        this.timing = timing;
        this.methods = methods;
    }

    /**
     * With enumeration protection on, an unknown, ambiguous or (without skip-is-verified-check) unverified account
     * answers as {@code pending}, as long as a real run takes.
     */
    public Uni<HookRun.Done> reset(Identity identity, String newPassword, Map<String, Object> arguments) {
        methods.require(Methods.Variant.RESET_HOOK);
        policy.check(newPassword);
        EqualTiming.Watch watch = timing.start(EqualTiming.Action.FORGOT);
        return timing.settle(watch, Result.transaction(() -> users.findByIdentity(identity)
                .chain(found -> sending.withOne(found, user -> !user.verified && !config.reset().skipIsVerifiedCheck()
                        ? sending.quietly(new FlowException(ErrorCode.NOT_VERIFIED, "User is not verified."))
                        : Uni.createFrom().item(Result.ok(user))))
                .chain(found -> found.value() == null ? Uni.createFrom().item(Result.<Pair>refused(found.refusal()))
                        : issue(found.value(), newPassword)))
                .chain(pair -> {
                    if (pair == null) {
                        return Uni.createFrom().item(HookRun.Done.quiet());
                    }
                    watch.didWork();
                    return run.run(HookCall.Purpose.RESET, Purpose.RESET, pair.user(), pair.issued(), arguments,
                            fresh -> complete(fresh, pair.hash()));
                }));
    }

    private record Pair(User user, Issued issued, String hash) {
    }

    /** Vets and hashes the password first: a refused password never makes the hook be asked. */
    private Uni<Result<Pair>> issue(User user, String newPassword) {
        return policy.vet(newPassword, user.email, user.phone, user.username).chain(() -> hasher.hash(newPassword))
                .chain(hash -> challenges.issue(user.id, Purpose.RESET, Lifetimes.of(config.reset().lifetime(), user.preferredChannel, config), null)
                .call(() -> audit.record(AuditType.RESET_REQUESTED, user.id, Map.of("by", "hook")))
                .map(issued -> Result.ok(new Pair(user, issued, hash))));
    }

    private Uni<Result<User>> complete(User user, String hash) {
        user.passwordHash = hash;
        user.revokeSessions();
        user.failedLogins = 0;
        user.lockedUntil = null;
        // the security notice that the password changed still goes out: it is how an owner learns of a takeover
        return notifications.notice(NotificationType.RESET_PWD, user, Map.of())
                .chain(() -> audit.record(AuditType.PASSWORD_RESET, user.id, Map.of("sessionsRevoked", true, "by", "hook")))
                .replaceWith(Result.ok(user));
    }
}
