package io.countersign.flow;

import java.time.OffsetDateTime;
import java.util.Map;
import java.util.UUID;
import java.util.function.Function;

import io.countersign.audit.Actor;
import io.countersign.audit.Audit;
import io.countersign.challenge.Challenge;
import io.countersign.challenge.ChallengeRepository;
import io.countersign.error.ErrorCode;
import io.countersign.error.FlowException;
import io.countersign.security.EqualTiming;
import io.countersign.user.User;
import io.countersign.user.UserRepository;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * What an administrator does to an account: send it a verification or reset message (the flows' own sending step,
 * with their cooldown), unlock it, end its sessions, cancel one of its pending challenges. Each in one transaction
 * with its audit entry ({@code admin_action}, naming the acting admin).
 */
@ApplicationScoped
public class AccountAdministration {

    private final UserRepository users;
    private final ChallengeRepository challenges;
    private final ChallengeSending sending;
    private final VerificationService verification;
    private final PasswordResetService reset;
    private final EqualTiming timing;
    private final Audit audit;

    public AccountAdministration(UserRepository users, ChallengeRepository challenges, ChallengeSending sending,
            VerificationService verification, PasswordResetService reset, EqualTiming timing, Audit audit) {
        this.users = users;
        this.challenges = challenges;
        this.sending = sending;
        this.verification = verification;
        this.reset = reset;
        this.timing = timing;
        this.audit = audit;
    }

    /**
     * Sends a new verification link and code, as a resend does; {@code already_verified} for a verified account.
     * Whether it was sent: not within the resend cooldown of the previous one.
     */
    public Uni<Boolean> sendVerification(UUID id, Actor actor) {
        return send(id, actor, "verification_sent", verification.step(), user -> user.verified
                ? new FlowException(ErrorCode.ALREADY_VERIFIED, "The account is already verified.") : null);
    }

    /**
     * Sends a password reset link and code, as forgot-password does; {@code not_verified} for an unverified account
     * (unless the reset's verification check is off). Whether it was sent: not within the cooldown.
     */
    public Uni<Boolean> sendReset(UUID id, Actor actor) {
        return send(id, actor, "reset_sent", reset.step(), user -> reset.resettable(user) ? null
                : new FlowException(ErrorCode.NOT_VERIFIED, "The account is not verified."));
    }

    private Uni<Boolean> send(UUID id, Actor actor, String action, ChallengeSending.Step step,
            Function<User, FlowException> refusal) {
        EqualTiming.Watch watch = timing.start(EqualTiming.Action.RESEND);
        return AccountDirectory.inTransaction(() -> AccountDirectory.existing(users, id).chain(user -> {
            FlowException refused = refusal.apply(user);
            if (refused != null) {
                return Uni.createFrom().failure(refused);
            }
            return sending.send(user, step, Map.of(), watch)
                    .chain(() -> audit.recordAdmin(actor, action, id, Map.of("sent", watch.worked())))
                    .map(done -> watch.worked());
        }));
    }

    /** Lifts a lock and clears the count of failed logins. */
    public Uni<Void> unlock(UUID id, Actor actor) {
        return AccountDirectory.inTransaction(() -> AccountDirectory.existing(users, id).chain(user -> {
            boolean locked = user.lockedUntil != null && user.lockedUntil.isAfter(OffsetDateTime.now());
            Map<String, Object> facts = Map.of("wasLocked", locked, "failedLogins", user.failedLogins);
            user.lockedUntil = null;
            user.failedLogins = 0;
            return audit.recordAdmin(actor, "unlocked", id, facts);
        }));
    }

    /** Ends every session of the account: each of its access tokens stops working at once. */
    public Uni<Void> endSessions(UUID id, Actor actor) {
        return AccountDirectory.inTransaction(() -> AccountDirectory.existing(users, id).chain(user -> {
            user.revokeSessions();
            return audit.recordAdmin(actor, "sessions_ended", id, null);
        }));
    }

    /** Ends one live challenge of the account (its link and code stop working); {@code not_found} otherwise. */
    public Uni<Void> cancelChallenge(UUID id, UUID challengeId, Actor actor) {
        OffsetDateTime now = OffsetDateTime.now();
        return AccountDirectory.inTransaction(() -> AccountDirectory.existing(users, id)
                .chain(user -> pending(id, challengeId, now))
                .onItem().ifNull().failWith(() -> new FlowException(ErrorCode.NOT_FOUND, "No such pending challenge."))
                .chain(challenge -> challenges.update("consumedAt = ?1, endedReason = ?2 where id = ?3 and consumedAt is null",
                        now, Challenge.ENDED_REVOKED, challengeId)
                        .chain(() -> audit.recordAdmin(actor, "challenge_cancelled", id,
                                Map.of("challenge", challengeId.toString(), "purpose", challenge.purpose)))));
    }

    private Uni<Challenge> pending(UUID userId, UUID challengeId, OffsetDateTime now) {
        return challenges.find("id = ?1 and userId = ?2 and consumedAt is null and expiresAt > ?3", challengeId, userId, now)
                .firstResult();
    }
}
