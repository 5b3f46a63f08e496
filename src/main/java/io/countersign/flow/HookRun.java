package io.countersign.flow;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;
import java.util.function.Function;

import io.countersign.audit.Audit;
import io.countersign.audit.AuditType;
import io.countersign.challenge.ChallengeService;
import io.countersign.challenge.ChallengeService.Issued;
import io.countersign.challenge.Purpose;
import io.countersign.error.ErrorCode;
import io.countersign.error.FlowException;
import io.countersign.error.HookUnavailable;
import io.countersign.hook.HookCall;
import io.countersign.hook.HookClient;
import io.countersign.hook.HookOutcome;
import io.countersign.user.User;
import io.countersign.user.UserRepository;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * Runs the hook for a challenge that was issued and committed, and acts on its answer, as MongoDB Atlas does with
 * its confirmation and reset functions: {@code success} claims the challenge and completes the flow in a new
 * transaction; {@code pending} leaves the challenge live (the application delivers token and token id, and the user
 * completes through the verify or reset endpoints); {@code fail} and every failure ends the challenge. No transaction
 * is open while the hook is called. Every call is audited ({@code hook_called}).
 */
@ApplicationScoped
public class HookRun {

    /** What a hook run ended with: the account (after completion on success) and the hook's answer. */
    public record Done(User user, HookOutcome outcome) {

        /** Whether the hook answered success (the flow is complete); otherwise it answered pending. */
        public boolean succeeded() {
            return outcome.status() == HookOutcome.Status.SUCCESS;
        }

        /** The hook's message, or null. */
        public String message() {
            return outcome.message();
        }

        /** The answer to a request whose account is unknown, under enumeration protection: as if pending. */
        public static Done quiet() {
            return new Done(null, new HookOutcome(HookOutcome.Status.PENDING, null));
        }
    }

    private final HookClient hooks;
    private final ChallengeService challenges;
    private final UserRepository users;
    private final Audit audit;

    public HookRun(HookClient hooks, ChallengeService challenges, UserRepository users, Audit audit) {
        this.hooks = hooks;
        this.challenges = challenges;
        this.users = users;
        this.audit = audit;
    }

    /**
     * Calls the hook outside any transaction, then completes ({@code complete}, inside a transaction, on the freshly
     * read account) on success.
     */
    public Uni<Done> run(HookCall.Purpose purpose, Purpose challengePurpose, User user, Issued issued,
            Map<String, Object> arguments, Function<User, Uni<Result<User>>> complete) {
        String[] halves = issued.token().split("\\.", 2);
        HookCall call = new HookCall(purpose, user.id.toString(), account(user), halves[0], halves[1], issued.code(),
                issued.challenge().expiresAt.toInstant(), arguments);
        return hooks.call(call)
                .onFailure(FlowException.class).call(e -> ended(user.id, purpose, challengePurpose, outcome(e)))
                .chain(outcome -> outcome.status() == HookOutcome.Status.SUCCESS
                        ? Result.transaction(() -> completed(purpose, user.id, issued, complete)).map(done -> new Done(done, outcome))
                        : audit.recordAlone(AuditType.HOOK_CALLED, user.id, details(purpose, "pending"))
                                .replaceWith(new Done(user, outcome)));
    }

    /** Success: claims the challenge (it may have been used or replaced meanwhile) and completes on the fresh account. */
    private Uni<Result<User>> completed(HookCall.Purpose purpose, UUID userId, Issued issued,
            Function<User, Uni<Result<User>>> complete) {
        return challenges.claim(issued.challenge().id).chain(won -> {
            if (!won) {
                return Result.<User>refusal(new FlowException(ErrorCode.TOKEN_INVALID,
                        "The token was used or replaced while the application was asked."));
            }
            Uni<User> fresh = audit.record(AuditType.HOOK_CALLED, userId, details(purpose, "success"))
                    .chain(() -> users.findById(userId));
            return fresh.chain(complete::apply);
        });
    }

    private Uni<Void> ended(UUID userId, HookCall.Purpose purpose, Purpose challengePurpose, String outcome) {
        return Result.toCompletion(Panache.withTransaction(() -> challenges
                .revoke(userId, challengePurpose)
                .chain(() -> audit.record(AuditType.HOOK_CALLED, userId, details(purpose, outcome)))));
    }

    private static String outcome(Throwable e) {
        return e instanceof HookUnavailable u ? u.reason() : "fail";
    }

    private static Map<String, Object> details(HookCall.Purpose purpose, String outcome) {
        return Map.of("purpose", purpose.wireName(), "outcome", outcome);
    }

    /** The account as the hook sees it: its public fields, never a hash or counter. */
    private static Map<String, Object> account(User user) {
        Map<String, Object> account = new LinkedHashMap<>();
        account.put("id", user.id.toString());
        account.put("email", user.email);
        account.put("phone", user.phone);
        account.put("username", user.username);
        account.put("displayName", user.displayName);
        account.put("locale", user.locale);
        account.put("verified", user.verified);
        return account;
    }
}
