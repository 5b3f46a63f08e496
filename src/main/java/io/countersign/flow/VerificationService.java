package io.countersign.flow;

import java.time.OffsetDateTime;
import java.util.Map;
import java.util.function.Predicate;

import io.countersign.audit.Audit;
import io.countersign.audit.AuditType;
import io.countersign.challenge.ChallengeRepository;
import io.countersign.audit.AuditEntry;
import io.countersign.challenge.ChallengeService;
import io.countersign.challenge.ChallengeStatements;
import io.countersign.challenge.Purpose;
import io.countersign.challenge.Redemption;
import io.countersign.challenge.TokenCodec;
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

/** Resending and redeeming sign-up verification, optionally setting the password of an invited user. */
@ApplicationScoped
public class VerificationService {

    private final UserRepository users;
    private final ChallengeService challenges;
    private final ChallengeRepository challengeRows;
    private final TokenCodec codec;
    private final Notifications notifications;
    private final ChallengeSending sending;
    private final PasswordHasher hasher;
    private final PasswordPolicy policy;
    private final CountersignConfig config;
    private final Audit audit;
    private final EqualTiming timing;
    private final CodeAnswers answers;
    private final IdentityChangeService identityChange;
    private final Methods methods;
    private final ChallengeStatements statements;

    public VerificationService(UserRepository users, ChallengeService challenges, ChallengeRepository challengeRows,
            TokenCodec codec, Notifications notifications, ChallengeSending sending, PasswordHasher hasher,
            PasswordPolicy policy, CountersignConfig config, Audit audit, EqualTiming timing, CodeAnswers answers,
            IdentityChangeService identityChange, Methods methods, ChallengeStatements statements) {
        this.statements = statements;
        this.users = users;
        this.challenges = challenges;
        this.challengeRows = challengeRows;
        this.codec = codec;
        this.notifications = notifications;
        this.sending = sending;
        this.hasher = hasher;
        this.policy = policy;
        this.config = config;
        this.audit = audit;
        this.timing = timing;
        this.answers = answers;
        this.identityChange = identityChange;
        this.methods = methods;
    }

    /**
     * Sends a new verification link and code, replacing the previous ones. With enumeration protection on, an
     * unknown or already verified account answers like any other (null), nothing is sent, and the answer takes as
     * long as one that sent a message.
     */
    public Uni<User> resend(Identity identity, Map<String, String> notifierOptions) {
        methods.require(Methods.Variant.RESEND_MESSAGE);
        EqualTiming.Watch watch = timing.start(EqualTiming.Action.RESEND);
        return timing.settle(watch, Result.toCompletion(sending.sendAtOnce(identity,
                user -> user.verified ? new FlowException(ErrorCode.ALREADY_VERIFIED, "User is already verified.") : null,
                step(), notifierOptions, watch, () -> Result.transaction(() -> users.findByIdentity(identity)
                        .chain(again -> sending.withOne(again, user -> resendTo(user, notifierOptions, watch)))))));
    }

    /** Resends to the owner of an earlier verification token (which may be expired or superseded). */
    public Uni<User> resendByToken(String token, Map<String, String> notifierOptions) {
        methods.require(Methods.Variant.RESEND_MESSAGE);
        TokenCodec.LongToken parsed = codec.parse(token);
        if (parsed == null) {
            return Uni.createFrom().failure(new FlowException(ErrorCode.TOKEN_MALFORMED, "Token is not in the correct format."));
        }
        EqualTiming.Watch watch = timing.start(EqualTiming.Action.RESEND);
        return timing.settle(watch, Result.transaction(() -> challengeRows.findBySelector(parsed.selector())
                .chain(c -> c == null || !Purpose.VERIFY.dbValue().equals(c.purpose)
                        || !TokenCodec.same(codec.verifierHash(parsed.verifier()), c.verifierHash)
                                ? sending.quietly(new FlowException(ErrorCode.USER_NOT_FOUND, "User not found."))
                                : users.findById(c.userId).chain(user -> resendTo(user, notifierOptions, watch)))));
    }

    private Uni<Result<User>> resendTo(User user, Map<String, String> notifierOptions, EqualTiming.Watch watch) {
        if (user.verified) {
            return sending.quietly(new FlowException(ErrorCode.ALREADY_VERIFIED, "User is already verified."));
        }
        return sending.send(user, step(), notifierOptions, watch);
    }

    /** What a resend sends: also what an administrator sends on the account's behalf (AccountAdministration). */
    ChallengeSending.Step step() {
        return new ChallengeSending.Step(Purpose.VERIFY, config.verification().resendCooldown(),
                config.verification().lifetime(), NotificationType.RESEND_VERIFY_SIGNUP, AuditType.VERIFICATION_SENT);
    }

    /**
     * Verifies by the long link token; with a password, also sets it (invited users). Without a password, the
     * usual case (a live link, an account with a password from sign-up, mail to a deliverable address) is one
     * statement ({@link ChallengeStatements#verifyByLink}: {@link #complete} in SQL); every other case, refusals
     * included, runs in the transaction below.
     */
    public Uni<User> verifyByToken(String token, String newPassword) {
        TokenCodec.LongToken parsed = newPassword == null ? codec.parse(token) : null;
        if (parsed == null) {
            return verifyInTransaction(token, newPassword);
        }
        AuditEntry entry = audit.entry(AuditType.VERIFIED, null, Map.of("passwordSet", false, "passwordDiscarded", true));
        return Result.toCompletion(statements.verifyByLink(parsed.selector(), codec.verifierHash(parsed.verifier()), OffsetDateTime.now(),
                notifications.prepareNotice(NotificationType.VERIFY_SIGNUP),
                new ChallengeStatements.Note(entry.type, entry.ip, entry.userAgent, entry.details))
                .chain(user -> user != null ? Uni.createFrom().item(user) : verifyInTransaction(token, null)));
    }

    private Uni<User> verifyInTransaction(String token, String newPassword) {
        return Result.transaction(() -> challenges.redeemToken(Purpose.VERIFY, token)
                .chain(r -> r instanceof Redemption.Accepted a
                        ? users.findById(a.challenge().userId).chain(user -> complete(user, newPassword))
                        : Uni.createFrom().item(Result.refused((Redemption.Refused) r))));
    }

    /**
     * Verifies by the short code, presented together with the identity it was sent to. With enumeration protection
     * on, every refusal answers alike ({@link CodeAnswers}).
     */
    public Uni<User> verifyByCode(Identity identity, String code, String newPassword) {
        return answers.concealed(EqualTiming.Action.VERIFY_CODE, watch -> redeemCode(identity, code, newPassword, watch));
    }

    /**
     * f-a-m verifySignupShort: verifies an unverified account by its code, or confirms a verified account's pending
     * identity change with it ({@code already_verified} when there is neither); refusals answer alike as above.
     */
    public Uni<User> verifyOrConfirmChangeByCode(Identity identity, String code) {
        return answers.concealed(EqualTiming.Action.VERIFY_CODE, watch -> redeemCode(identity, code, null, watch)
                .onFailure(refused(ErrorCode.ALREADY_VERIFIED)).recoverWithUni(() -> identityChange.redeemCode(identity, code, watch)
                        .onFailure(refused(ErrorCode.NO_PENDING_CHALLENGE))
                        .transform(e -> new FlowException(ErrorCode.ALREADY_VERIFIED, "Nothing to verify."))));
    }

    private Uni<User> redeemCode(Identity identity, String code, String newPassword, EqualTiming.Watch watch) {
        return Result.transaction(() -> users.findOne(identity).chain(user -> {
            if (user.verified) {
                return Result.<User>refusal(new FlowException(ErrorCode.ALREADY_VERIFIED, "User is already verified."));
            }
            return challenges.redeemCode(user.id, Purpose.VERIFY, code).map(r -> CodeAnswers.compared(r, watch))
                    .chain(r -> r instanceof Redemption.Accepted ? complete(user, newPassword)
                            : Uni.createFrom().item(Result.refused((Redemption.Refused) r)));
        }));
    }

    private static Predicate<Throwable> refused(ErrorCode code) {
        return e -> e instanceof FlowException f && f.code() == code;
    }

    /**
     * Marks the account verified. The password afterwards is the one given here: whoever holds the link or code has
     * proved the address, and chooses it (an invited account, or the one who signed up repeating theirs). Without
     * one, a password set at sign-up is discarded and every session ended: it may have been chosen by someone who
     * never proved the address (account pre-hijacking), so the owner sets a password by reset. An invitation (an
     * account without a password) is refused without the password, as a failure that rolls the redemption back:
     * the link or code stays usable for the attempt with a password.
     */
    private Uni<Result<User>> complete(User user, String newPassword) {
        if (newPassword == null && user.passwordHash == null) {
            return Uni.createFrom().failure(new FlowException(ErrorCode.PASSWORD_REQUIRED,
                    "This account was created by invitation: choose a password to verify it.", "password"));
        }
        Uni<String> hash = newPassword == null ? Uni.createFrom().nullItem()
                : policy.vet(newPassword, user.email, user.phone, user.username).chain(() -> hasher.hash(newPassword));
        return hash.chain(h -> {
            boolean discarded = newPassword == null && user.passwordHash != null;
            user.verified = true;
            if (newPassword != null || discarded) {
                user.passwordHash = h;
                user.revokeSessions();
            }
            NotificationType type = newPassword == null ? NotificationType.VERIFY_SIGNUP : NotificationType.VERIFY_SIGNUP_SET_PASSWORD;
            return notifications.notice(type, user, Map.of())
                    .chain(() -> audit.record(AuditType.VERIFIED, user.id,
                            Map.of("passwordSet", newPassword != null, "passwordDiscarded", discarded)))
                    .replaceWith(Result.ok(user));
        });
    }
}
