package io.countersign.flow;

import java.time.OffsetDateTime;
import java.util.Map;
import java.util.UUID;

import io.countersign.audit.Audit;
import io.countersign.audit.AuditType;
import io.countersign.audit.AuditEntry;
import io.countersign.challenge.ChallengeService;
import io.countersign.challenge.ChallengeStatements;
import io.countersign.challenge.TokenCodec;
import io.countersign.challenge.Purpose;
import io.countersign.challenge.Redemption;
import io.countersign.config.CountersignConfig;
import io.countersign.error.ErrorCode;
import io.countersign.error.FlowException;
import io.countersign.event.NotificationType;
import io.countersign.security.EqualTiming;
import io.countersign.user.Identity;
import io.countersign.user.PasswordHasher;
import io.countersign.user.User;
import io.countersign.user.UserRepository;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;

/** Forgotten password: send a reset link and code, then reset by either. */
@ApplicationScoped
public class PasswordResetService {

    private final UserRepository users;
    private final ChallengeService challenges;
    private final Notifications notifications;
    private final ChallengeSending sending;
    private final PasswordHasher hasher;
    private final PasswordPolicy policy;
    private final CountersignConfig config;
    private final Audit audit;
    private final EqualTiming timing;
    private final CodeAnswers answers;
    private final Methods methods;
    private final TokenCodec codec;
    private final ChallengeStatements statements;

    public PasswordResetService(UserRepository users, ChallengeService challenges, Notifications notifications,
            ChallengeSending sending, PasswordHasher hasher, PasswordPolicy policy, CountersignConfig config, Audit audit,
            EqualTiming timing, CodeAnswers answers, Methods methods, TokenCodec codec, ChallengeStatements statements) {
        this.codec = codec;
        this.statements = statements;
        this.users = users;
        this.challenges = challenges;
        this.notifications = notifications;
        this.sending = sending;
        this.hasher = hasher;
        this.policy = policy;
        this.config = config;
        this.audit = audit;
        this.timing = timing;
        this.answers = answers;
        this.methods = methods;
    }

    /**
     * Sends a reset link and code. With enumeration protection on, an unknown or unverified account answers like
     * any other (null), nothing is sent, and the answer takes as long as one that sent a message.
     */
    public Uni<User> sendReset(Identity identity, Map<String, String> notifierOptions) {
        methods.require(Methods.Variant.FORGOT_MESSAGE);
        EqualTiming.Watch watch = timing.start(EqualTiming.Action.FORGOT);
        return timing.settle(watch, Result.toCompletion(sending.sendAtOnce(identity,
                user -> resettable(user) ? null : new FlowException(ErrorCode.NOT_VERIFIED, "User is not verified."), step(),
                notifierOptions, watch, () -> Result.transaction(() -> users.findByIdentity(identity)
                        .chain(again -> sending.withOne(again, user -> !resettable(user)
                                ? sending.quietly(new FlowException(ErrorCode.NOT_VERIFIED, "User is not verified."))
                                : sending.send(user, step(), notifierOptions, watch)))))));
    }

    /** What forgot-password sends: also what an administrator sends on the account's behalf (AccountAdministration). */
    ChallengeSending.Step step() {
        return new ChallengeSending.Step(Purpose.RESET, config.reset().resendCooldown(), config.reset().lifetime(),
                NotificationType.SEND_RESET_PWD, AuditType.RESET_REQUESTED);
    }

    /**
     * Resets by the link token. The usual case (a live link whose verifier matches, a resettable account, mail to a
     * deliverable address) is two round trips with no lock held in between and no transaction open while the
     * password is hashed: the challenge is read with its user ({@link ChallengeStatements#findWithUser}), then
     * claimed and the password set in one statement ({@link ChallengeStatements#resetByLink}: {@link #complete} in
     * SQL). Every other case, refusals included, and a link claimed meanwhile, runs in the transaction below.
     */
    public Uni<User> resetByToken(String token, String newPassword) {
        policy.check(newPassword);
        TokenCodec.LongToken parsed = codec.parse(token);
        if (parsed == null) {
            return resetInTransaction(token, newPassword);
        }
        // run to its end even when the client goes away (see Result.toCompletion): a session cancelled half-way loses
        // its connection
        return Result.toCompletion(statements.findWithUser(parsed.selector()).chain(found -> {
            if (found == null || !usable(found.challenge(), codec.verifierHash(parsed.verifier())) || !resettable(found.user())
                    || !Notifications.plainEmail(found.user(), Map.of())) {
                return resetInTransaction(token, newPassword);
            }
            User user = found.user();
            return policy.vet(newPassword, user.email, user.phone, user.username).chain(() -> hasher.hash(newPassword))
                    .chain(hash -> {
                        AuditEntry entry = audit.entry(AuditType.PASSWORD_RESET, user.id, Map.of("sessionsRevoked", true));
                        return statements.resetByLink(found.challenge().id, OffsetDateTime.now(), config.reset().skipIsVerifiedCheck(),
                                hash, notifications.prepareNotice(NotificationType.RESET_PWD),
                                new ChallengeStatements.Note(entry.type, entry.ip, entry.userAgent, entry.details));
                    })
                    .chain(changed -> changed != null ? Uni.createFrom().item(changed) : resetInTransaction(token, newPassword));
        }));
    }

    /** A reset challenge that a matching verifier may still claim: the statement checks it again when it claims. */
    private static boolean usable(io.countersign.challenge.Challenge c, byte[] verifierHash) {
        return Purpose.RESET.dbValue().equals(c.purpose) && c.consumedAt == null && c.attemptsLeft > 0
                && c.expiresAt.isAfter(OffsetDateTime.now()) && TokenCodec.same(verifierHash, c.verifierHash);
    }

    private Uni<User> resetInTransaction(String token, String newPassword) {
        return Result.transaction(() -> challenges.redeemToken(Purpose.RESET, token)
                .chain(r -> r instanceof Redemption.Accepted a
                        ? users.findById(a.challenge().userId).chain(user -> complete(user, newPassword))
                        : Uni.createFrom().item(Result.refused((Redemption.Refused) r))));
    }

    /** Resets by the code and the address it was sent to; with enumeration protection on, refusals answer alike. */
    public Uni<User> resetByCode(Identity identity, String code, String newPassword) {
        policy.check(newPassword);
        return answers.concealed(EqualTiming.Action.RESET_CODE, watch -> Result.transaction(() -> users.findOne(identity)
                .chain(user -> challenges.redeemCode(user.id, Purpose.RESET, code).map(r -> CodeAnswers.compared(r, watch))
                        .chain(r -> r instanceof Redemption.Accepted ? complete(user, newPassword)
                                : Uni.createFrom().item(Result.refused((Redemption.Refused) r))))));
    }

    /** Whether a reset may be sent to and completed for the account: verified, unless the check is off. */
    boolean resettable(User user) {
        return user.verified || config.reset().skipIsVerifiedCheck();
    }

    /**
     * Self-service (an {@code emailValidation} stage before a {@code resetStage}): proves control of the address by the
     * reset code sent by {@link #sendReset}, redeeming it like {@link #resetByCode} (one attempt budget, refusals
     * answered alike), without setting a password yet; {@link #resetProven} does that afterwards.
     */
    public Uni<User> proveByCode(Identity identity, String code) {
        return answers.concealed(EqualTiming.Action.RESET_CODE, watch -> Result.transaction(() -> users.findOne(identity)
                .chain(user -> challenges.redeemCode(user.id, Purpose.RESET, code).map(r -> CodeAnswers.compared(r, watch))
                        .map(r -> r instanceof Redemption.Accepted ? Result.ok(user) : Result.<User>refused((Redemption.Refused) r)))));
    }

    /** {@link #proveByCode} with the link token instead of the code. */
    public Uni<User> proveByToken(String token) {
        return Result.transaction(() -> challenges.redeemToken(Purpose.RESET, token)
                .chain(r -> r instanceof Redemption.Accepted a ? users.findById(a.challenge().userId).map(Result::ok)
                        : Uni.createFrom().item(Result.<User>refused((Redemption.Refused) r))));
    }

    /**
     * Self-service {@code resetStage}: sets the new password of an account that proved its address earlier in the same
     * process ({@link #proveByCode}), exactly as a reset by code would. {@code sessionEpoch} is the account's epoch seen
     * at the proof: a reset bumps it, so the same proof cannot set a password twice.
     */
    public Uni<User> resetProven(UUID userId, int sessionEpoch, String newPassword) {
        policy.check(newPassword);
        return Result.transaction(() -> users.findById(userId).chain(user -> user == null || user.sessionEpoch != sessionEpoch
                ? Result.<User>refusal(new FlowException(ErrorCode.TOKEN_INVALID, "This proof was already used; start again."))
                : complete(user, newPassword)));
    }

    private Uni<Result<User>> complete(User user, String newPassword) {
        if (!resettable(user)) {
            return Result.refusal(new FlowException(ErrorCode.NOT_VERIFIED, "User is not verified."));
        }
        return policy.vet(newPassword, user.email, user.phone, user.username)
                .chain(() -> hasher.hash(newPassword)).chain(hash -> {
            user.passwordHash = hash;
            user.revokeSessions();
            user.failedLogins = 0;
            user.lockedUntil = null;
            return notifications.notice(NotificationType.RESET_PWD, user, Map.of())
                    .chain(() -> audit.record(AuditType.PASSWORD_RESET, user.id, Map.of("sessionsRevoked", true)))
                    .replaceWith(Result.ok(user));
        });
    }
}
