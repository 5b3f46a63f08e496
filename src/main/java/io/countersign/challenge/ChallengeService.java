package io.countersign.challenge;

import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.Map;
import java.util.UUID;

import io.countersign.challenge.ChallengeRepository.Budget;
import io.countersign.config.CountersignConfig;
import io.countersign.error.ErrorCode;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * Issues and redeems challenges. Every method must run inside the caller's transaction. Plain tokens and codes
 * exist only in the {@link Issued} value returned to the flow, which seals them into the outbox event.
 */
@ApplicationScoped
public class ChallengeService {

    private final ChallengeRepository challenges;
    private final TokenCodec codec;
    private final int attempts;

    public ChallengeService(ChallengeRepository challenges, TokenCodec codec, CountersignConfig config) {
        this.challenges = challenges;
        this.codec = codec;
        this.attempts = config.tokens().attempts();
    }

    /** A new challenge with its plain secrets (to be sealed into a notification, never stored or logged). */
    public record Issued(Challenge challenge, String token, String code) {
    }

    /** Issues a new challenge, ending (superseding) the user's live one of the same purpose. */
    public Uni<Issued> issue(UUID userId, Purpose purpose, Duration lifetime, Map<String, String> pendingChanges) {
        return challenges.lockIssuing(userId).chain(() -> issueLocked(userId, purpose, lifetime, pendingChanges));
    }

    /**
     * {@link #issue} for a caller that already holds the issuing lock because it read the live challenge with
     * {@link #findLive} earlier in the same transaction (one statement fewer per forgot or resend).
     */
    public Uni<Issued> issueLocked(UUID userId, Purpose purpose, Duration lifetime, Map<String, String> pendingChanges) {
        OffsetDateTime now = OffsetDateTime.now();
        Issued issued = prepare(userId, purpose, lifetime, pendingChanges, now);
        return challenges.end(userId, purpose, Challenge.ENDED_SUPERSEDED, now)
                .chain(() -> challenges.persist(issued.challenge()))
                .chain(challenges::flush)
                .replaceWith(issued);
    }

    /**
     * A new challenge and its plain secrets, not yet stored: {@link #issueLocked} persists it, the one-statement path
     * ({@link ChallengeStatements#issue}) inserts it itself.
     */
    public Issued prepare(UUID userId, Purpose purpose, Duration lifetime, Map<String, String> pendingChanges, OffsetDateTime now) {
        TokenCodec.LongToken token = codec.newLongToken();
        String code = codec.newCode();
        Challenge c = new Challenge();
        c.id = UUID.randomUUID();
        c.userId = userId;
        c.purpose = purpose.dbValue();
        c.selector = token.selector();
        c.verifierHash = codec.verifierHash(token.verifier());
        c.codeHash = codec.codeHash(purpose, userId, code);
        c.attemptsLeft = attempts;
        c.codeAttemptsLeft = attempts;
        c.pendingChanges = pendingChanges;
        c.createdAt = now;
        c.expiresAt = now.plus(lifetime);
        return new Issued(c, token.value(), code);
    }

    /** The live challenge, read under the issuing lock (see {@link ChallengeRepository#lockIssuing}) for cooldown checks. */
    public Uni<Challenge> findLive(UUID userId, Purpose purpose) {
        return challenges.lockIssuing(userId).chain(() -> challenges.findLive(userId, purpose));
    }

    /** Ends every live challenge of this purpose (e.g. after a successful reset). */
    public Uni<Integer> revoke(UUID userId, Purpose purpose) {
        return challenges.end(userId, purpose, Challenge.ENDED_REVOKED, OffsetDateTime.now());
    }

    /**
     * Claims a challenge for use without its secret, when the application's hook vouched for the account (success):
     * true when this caller won it, false when it was used, replaced or expired meanwhile.
     */
    public Uni<Boolean> claim(UUID challengeId) {
        return challenges.takeAttemptAndClaim(challengeId, Budget.LINK, OffsetDateTime.now()).map(won -> won == 1);
    }

    /** Redeems a long token for the given purpose. */
    public Uni<Redemption> redeemToken(Purpose purpose, String token) {
        TokenCodec.LongToken parsed = codec.parse(token);
        if (parsed == null) {
            return refused(ErrorCode.TOKEN_MALFORMED, "Token is not in the correct format.");
        }
        return challenges.findBySelector(parsed.selector()).chain(c -> {
            if (c == null || !purpose.dbValue().equals(c.purpose)) {
                return refused(ErrorCode.TOKEN_UNKNOWN, "This token is not valid.");
            }
            return redeem(c, TokenCodec.same(codec.verifierHash(parsed.verifier()), c.verifierHash), Budget.LINK);
        });
    }

    /** Redeems a short code, which is only accepted together with the user it was sent to. */
    public Uni<Redemption> redeemCode(UUID userId, Purpose purpose, String code) {
        return challenges.findLive(userId, purpose).chain(c -> {
            if (c != null && c.codeHash == null && c.codeAttemptsLeft == 0) {
                return refused(ErrorCode.TOKEN_INVALID, "Too many wrong codes; use the link, or request a new code.");
            }
            if (c == null || c.codeHash == null) {
                return refused(ErrorCode.NO_PENDING_CHALLENGE, "There is no pending code for this account; request a new one.");
            }
            return redeem(c, TokenCodec.same(codec.codeHash(purpose, userId, code), c.codeHash), Budget.CODE);
        });
    }

    private Uni<Redemption> redeem(Challenge c, boolean secretMatches, ChallengeRepository.Budget budget) {
        OffsetDateTime now = OffsetDateTime.now();
        if (c.consumedAt != null) {
            return refused(ErrorCode.TOKEN_INVALID, endedMessage(c.endedReason));
        }
        if (!c.expiresAt.isAfter(now)) {
            return refused(ErrorCode.TOKEN_EXPIRED, "This token has expired; request a new one.");
        }
        // every presented secret takes an attempt first (atomically), the right one included: fifty guesses at once
        // cannot have more of them compared than the challenge allows
        if (secretMatches) {
            // the attempt and the claim in one atomic statement: of fifty uses at once, one wins and the rest find
            // the challenge ended
            return challenges.takeAttemptAndClaim(c.id, budget, now).chain(won -> won == 1
                    ? Uni.createFrom().item(new Redemption.Accepted(c))
                    : refused(ErrorCode.TOKEN_INVALID, endedMessage(null)));
        }
        return challenges.takeAttempt(c.id, budget, now).chain(taken -> {
            if (taken == 0) {
                return refused(ErrorCode.TOKEN_INVALID, endedMessage(null));
            }
            return challenges.exhaust(c.id, budget, now).map(last -> last == 1
                    ? new Redemption.Refused(ErrorCode.TOKEN_INVALID, budget == Budget.CODE
                            ? "Too many wrong codes; use the link, or request a new code." : endedMessage(Challenge.ENDED_EXHAUSTED), true)
                    : new Redemption.Refused(ErrorCode.TOKEN_INCORRECT, "The token or code is incorrect.", true));
        });
    }

    private static String endedMessage(String reason) {
        return switch (reason == null ? "" : reason) {
            case Challenge.ENDED_USED -> "This token was already used.";
            case Challenge.ENDED_SUPERSEDED -> "A newer token was sent; use the latest one.";
            case Challenge.ENDED_EXHAUSTED -> "Too many wrong attempts; request a new token.";
            default -> "This token is no longer valid.";
        };
    }

    private static Uni<Redemption> refused(ErrorCode code, String message) {
        return Uni.createFrom().item(new Redemption.Refused(code, message));
    }
}
