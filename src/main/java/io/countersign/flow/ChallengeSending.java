package io.countersign.flow;

import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.function.Supplier;

import io.countersign.audit.Audit;
import io.countersign.audit.AuditType;
import io.countersign.challenge.ChallengeService;
import io.countersign.challenge.ChallengeStatements;
import io.countersign.audit.AuditEntry;
import io.countersign.challenge.Purpose;
import io.countersign.config.CountersignConfig;
import io.countersign.error.ErrorCode;
import io.countersign.error.FlowException;
import io.countersign.event.NotificationType;
import io.countersign.security.EqualTiming;
import io.countersign.user.Identity;
import io.countersign.user.IdentityLookup;
import io.countersign.user.User;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * The one sending step of the flows that (re)send a secret on request (forgotten password, verification resend):
 * find the live challenge, keep to the cooldown, issue a new one, notify, audit. With enumeration protection on,
 * a refusal answers like a success ({@link #quietly}).
 */
@ApplicationScoped
public class ChallengeSending {

    /** What one flow sends: the challenge's purpose and timings, the notification and the audit entry. */
    public record Step(Purpose purpose, Duration cooldown, Duration lifetime, NotificationType notification,
            AuditType audited) {
    }

    private final ChallengeService challenges;
    private final ChallengeStatements statements;
    private final Notifications notifications;
    private final CountersignConfig config;
    private final Audit audit;
    private final IdentityLookup lookup;

    public ChallengeSending(ChallengeService challenges, ChallengeStatements statements, Notifications notifications,
            CountersignConfig config, Audit audit, IdentityLookup lookup) {
        this.lookup = lookup;
        this.challenges = challenges;
        this.statements = statements;
        this.notifications = notifications;
        this.config = config;
        this.audit = audit;
    }

    /**
     * {@link #send} in one statement (issue 19), for the accounts the identity names, read by one prepared statement
     * outside any transaction ({@link IdentityLookup}): an unknown or ambiguous account, or one {@code refusal}
     * refuses, is answered {@link #quietly} without writing anything; a message by email to a deliverable address is issued by
     * {@link ChallengeStatements#issue} (cooldown, superseding, the challenge, the outbox and the audit row in one
     * round trip and one commit, no lock held in between). Everything else (SMS, a suppressed address, an account
     * changed since the lookup) takes {@code entityPath}, the flow's transaction through {@link #send}.
     */
    public Uni<User> sendAtOnce(Identity identity, Function<User, FlowException> refusal, Step step,
            Map<String, String> notifierOptions, EqualTiming.Watch watch, Supplier<Uni<User>> entityPath) {
        Uni<Result<User>> direct = lookup.find(identity).chain(found -> withOne(found, user -> {
            FlowException refused = refusal.apply(user);
            if (refused != null) {
                return quietly(refused);
            }
            if (!Notifications.plainEmail(user, notifierOptions)) {
                return Uni.createFrom().nullItem();
            }
            OffsetDateTime now = OffsetDateTime.now();
            ChallengeService.Issued issued = challenges.prepare(user.id, step.purpose(),
                    Lifetimes.of(step.lifetime(), user.preferredChannel, config), null, now);
            ChallengeStatements.Message message = notifications.prepareWithSecret(step.notification(), user, issued, notifierOptions);
            AuditEntry entry = audit.entry(step.audited(), user.id, null);
            return statements.issue(issued.challenge(), user.updatedAt, step.cooldown(), message,
                    new ChallengeStatements.Note(entry.type, entry.ip, entry.userAgent, entry.details)).map(outcome -> {
                        if (!outcome.found()) {
                            return null;
                        }
                        if (outcome.issued()) {
                            watch.didWork();
                        }
                        return Result.ok(user);
                    });
        }));
        return direct.chain(result -> result == null ? entityPath.get() : Uni.createFrom().item(result.orThrow()));
    }

    /**
     * Sends a new link and code to the user, unless a live challenge of the purpose is younger than the cooldown
     * (then nothing is sent and the answer is the same). Must run inside the flow's transaction.
     */
    public Uni<Result<User>> send(User user, Step step, Map<String, String> notifierOptions, EqualTiming.Watch watch) {
        return challenges.findLive(user.id, step.purpose()).chain(live -> {
            if (live != null && live.createdAt.plus(step.cooldown()).isAfter(OffsetDateTime.now())) {
                return Uni.createFrom().item(Result.ok(user));
            }
            watch.didWork();
            return challenges.issueLocked(user.id, step.purpose(),
                    Lifetimes.of(step.lifetime(), user.preferredChannel, config), null)
                    .chain(issued -> notifications.withSecret(step.notification(), user, issued, notifierOptions))
                    .chain(() -> audit.record(step.audited(), user.id))
                    .replaceWith(Result.ok(user));
        });
    }

    /** The one account an identity names, or the refusal (unknown, ambiguous) answered {@link #quietly}. */
    public Uni<Result<User>> withOne(List<User> found, Function<User, Uni<Result<User>>> then) {
        if (found.size() == 1) {
            return then.apply(found.get(0));
        }
        return quietly(found.isEmpty() ? new FlowException(ErrorCode.USER_NOT_FOUND, "User not found.")
                : new FlowException(ErrorCode.AMBIGUOUS_USER, "More than 1 user selected."));
    }

    /** A refusal that enumeration protection turns into the answer of a success (null user, nothing sent). */
    public Uni<Result<User>> quietly(FlowException refusal) {
        return Uni.createFrom().item(config.enumerationProtection() ? Result.ok(null) : Result.refused(refusal));
    }
}
