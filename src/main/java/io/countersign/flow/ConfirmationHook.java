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
import io.countersign.hook.HookCall;
import io.countersign.security.EqualTiming;
import io.countersign.user.Identity;
import io.countersign.user.User;
import io.countersign.user.UserRepository;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * Confirmation by the application's hook ({@code countersign.hooks.confirmation-method=hook}): after sign-up, and
 * again on request (MongoDB Atlas' {@code retryCustomConfirmation}). On {@code success} the account is verified
 * and keeps its sign-up password (the application vouched for it); on {@code pending} the application delivers token
 * and token id, and the user verifies with them as with a link.
 */
@ApplicationScoped
public class ConfirmationHook {

    private final HookRun run;
    private final UserRepository users;
    private final ChallengeService challenges;
    private final ChallengeSending sending;
    private final CountersignConfig config;
    private final Audit audit;
    private final EqualTiming timing;
    private final Methods methods;

    public ConfirmationHook(HookRun run, UserRepository users, ChallengeService challenges, ChallengeSending sending,
            CountersignConfig config, Audit audit, EqualTiming timing, Methods methods) {
        this.run = run;
        this.users = users;
        this.challenges = challenges;
        this.sending = sending;
        this.config = config;
        this.audit = audit;
        this.timing = timing;
        this.methods = methods;
    }

    /** Asks the hook about a new account whose challenge was just committed. */
    public Uni<HookRun.Done> afterSignUp(User user, Issued issued) {
        return run.run(HookCall.Purpose.CONFIRMATION, Purpose.VERIFY, user, issued, Map.of(), this::verified);
    }

    /**
     * Issues a new confirmation challenge and runs the hook again. With enumeration protection on, an unknown,
     * ambiguous or already verified account answers as {@code pending}, as long as a real run takes
     * ({@link EqualTiming}); a hook that answers {@code pending} itself keeps every answer alike.
     */
    public Uni<HookRun.Done> retry(Identity identity) {
        methods.require(Methods.Variant.RETRY_HOOK);
        EqualTiming.Watch watch = timing.start(EqualTiming.Action.RESEND);
        return timing.settle(watch, Result.transaction(() -> users.findByIdentity(identity)
                .chain(found -> sending.withOne(found, user -> user.verified
                        ? sending.quietly(new FlowException(ErrorCode.ALREADY_VERIFIED, "User is already verified."))
                        : Uni.createFrom().item(Result.ok(user))))
                .chain(found -> found.value() == null ? Uni.createFrom().item(Result.<Pair>refused(found.refusal()))
                        : issue(found.value())))
                .chain(pair -> {
                    if (pair == null) {
                        return Uni.createFrom().item(HookRun.Done.quiet());
                    }
                    watch.didWork();
                    return afterSignUp(pair.user(), pair.issued());
                }));
    }

    private record Pair(User user, Issued issued) {
    }

    private Uni<Result<Pair>> issue(User user) {
        return challenges.issue(user.id, Purpose.VERIFY, Lifetimes.of(config.verification().lifetime(), user.preferredChannel, config), null)
                .call(() -> audit.record(AuditType.VERIFICATION_SENT, user.id, Map.of("by", "hook")))
                .map(issued -> Result.ok(new Pair(user, issued)));
    }

    private Uni<Result<User>> verified(User user) {
        if (user.verified) {
            return Uni.createFrom().item(Result.ok(user));
        }
        user.verified = true;
        return audit.record(AuditType.VERIFIED, user.id, Map.of("method", "hook")).replaceWith(Result.ok(user));
    }
}
