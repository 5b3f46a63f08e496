package io.countersign.challenge;

import java.time.OffsetDateTime;
import java.util.UUID;

import io.countersign.user.User;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.hibernate.reactive.panache.PanacheRepositoryBase;
import io.quarkus.hibernate.reactive.panache.common.WithSession;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.LockModeType;

/** Challenge rows change only through these atomic statements; the database decides every race. */
@ApplicationScoped
@WithSession
public class ChallengeRepository implements PanacheRepositoryBase<Challenge, UUID> {

    public Uni<Challenge> findBySelector(String selector) {
        return find("selector", selector).firstResult();
    }

    /**
     * Locks the user's row until the transaction ends, so that two requests issuing a challenge for one account (two
     * forgot-password clicks at once) run one after the other: the second sees the first's challenge (cooldown) or
     * supersedes it, instead of both inserting and one failing on {@code challenges_live_key}.
     */
    public Uni<Void> lockIssuing(UUID userId) {
        // Through the session, not a native query: the benchmark's profile showed Hibernate Reactive's plan-cache
        // lookup for this native query scanning a long chain of colliding keys (SelectInterpretationsKey.equals: a
        // fifth of all CPU samples). An entity already in the session is locked with one short statement.
        return Panache.getSession().chain(session -> session.find(User.class, userId, LockModeType.PESSIMISTIC_WRITE))
                .replaceWithVoid();
    }

    public Uni<Challenge> findLive(UUID userId, Purpose purpose) {
        return find("userId = ?1 and purpose = ?2 and consumedAt is null", userId, purpose.dbValue()).firstResult();
    }

    /** Ends the live challenge(s) of a user and purpose with the given reason. */
    public Uni<Integer> end(UUID userId, Purpose purpose, String reason, OffsetDateTime now) {
        return update("consumedAt = ?1, endedReason = ?2 where userId = ?3 and purpose = ?4 and consumedAt is null",
                now, reason, userId, purpose.dbValue());
    }

    /**
     * Takes one attempt of the given budget of a live, unexpired challenge with attempts left and claims it for use,
     * in one statement (the presented secret matched): 1 when this caller won it, 0 otherwise.
     */
    public Uni<Integer> takeAttemptAndClaim(UUID id, Budget budget, OffsetDateTime now) {
        return update(budget.field + " = " + budget.field + " - 1, consumedAt = ?1, endedReason = ?2"
                + " where id = ?3 and consumedAt is null and " + budget.field + " > 0 and expiresAt > ?1",
                now, Challenge.ENDED_USED, id);
    }

    /**
     * Takes one attempt of the given budget of a live, unexpired challenge, before its secret is compared: 1 when
     * taken, 0 when none is left or the challenge ended. The row stays locked by this transaction until it ends, so
     * concurrent guesses queue here and no more of them are ever compared than the budget allows.
     */
    public Uni<Integer> takeAttempt(UUID id, Budget budget, OffsetDateTime now) {
        return update(budget.field + " = " + budget.field + " - 1 where id = ?1 and consumedAt is null and "
                + budget.field + " > 0 and expiresAt > ?2", id, now);
    }

    /**
     * When the budget is spent: a link budget ends the challenge, a code budget voids only the code (the link in the
     * mailbox stays usable). 1 when this caller's attempt was the last one.
     */
    public Uni<Integer> exhaust(UUID id, Budget budget, OffsetDateTime now) {
        if (budget == Budget.CODE) {
            return update("codeHash = null where id = ?1 and consumedAt is null and codeAttemptsLeft = 0 and codeHash is not null", id);
        }
        return update("consumedAt = ?1, endedReason = ?2 where id = ?3 and consumedAt is null and attemptsLeft = 0",
                now, Challenge.ENDED_EXHAUSTED, id);
    }

    /** The two attempt budgets of a challenge: wrong link verifiers and wrong codes are counted apart. */
    public enum Budget {
        LINK("attemptsLeft"), CODE("codeAttemptsLeft");

        private final String field;

        Budget(String field) {
            this.field = field;
        }
    }
}
