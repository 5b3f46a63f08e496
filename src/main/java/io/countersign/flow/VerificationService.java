package io.countersign.flow;

import java.util.Map;

import io.countersign.audit.Audit;
import io.countersign.audit.AuditType;
import io.countersign.challenge.ChallengeRepository;
import io.countersign.challenge.ChallengeService;
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

    public VerificationService(UserRepository users, ChallengeService challenges, ChallengeRepository challengeRows,
            TokenCodec codec, Notifications notifications, ChallengeSending sending, PasswordHasher hasher,
            PasswordPolicy policy, CountersignConfig config, Audit audit, EqualTiming timing) {
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
    }

    /**
     * Sends a new verification link and code, replacing the previous ones. With enumeration protection on, an
     * unknown or already verified account answers like any other (null), nothing is sent, and the answer takes as
     * long as one that sent a message.
     */
    public Uni<User> resend(Identity identity, Map<String, String> notifierOptions) {
        EqualTiming.Watch watch = timing.start(EqualTiming.Action.RESEND);
        return timing.settle(watch, Result.transaction(() -> users.findByIdentity(identity)
                .chain(found -> sending.withOne(found, user -> resendTo(user, notifierOptions, watch)))));
    }

    /** Resends to the owner of an earlier verification token (which may be expired or superseded). */
    public Uni<User> resendByToken(String token, Map<String, String> notifierOptions) {
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
        return sending.send(user, new ChallengeSending.Step(Purpose.VERIFY, config.verification().resendCooldown(),
                config.verification().lifetime(), NotificationType.RESEND_VERIFY_SIGNUP, AuditType.VERIFICATION_SENT),
                notifierOptions, watch);
    }

    /** Verifies by the long link token; with a password, also sets it (invited users). */
    public Uni<User> verifyByToken(String token, String newPassword) {
        return Result.transaction(() -> challenges.redeemToken(Purpose.VERIFY, token)
                .chain(r -> r instanceof Redemption.Accepted a
                        ? users.findById(a.challenge().userId).chain(user -> complete(user, newPassword))
                        : Uni.createFrom().item(Result.refused((Redemption.Refused) r))));
    }

    /** Verifies by the short code, presented together with the identity it was sent to. */
    public Uni<User> verifyByCode(Identity identity, String code, String newPassword) {
        return Result.transaction(() -> users.findOne(identity).chain(user -> {
            if (user.verified) {
                return Result.<User>refusal(new FlowException(ErrorCode.ALREADY_VERIFIED, "User is already verified."));
            }
            return challenges.redeemCode(user.id, Purpose.VERIFY, code)
                    .chain(r -> r instanceof Redemption.Accepted ? complete(user, newPassword)
                            : Uni.createFrom().item(Result.refused((Redemption.Refused) r)));
        }));
    }

    /**
     * Completes a verification. An invitation (an account without a password) is refused without the password,
     * as a failure that rolls the redemption back: the link or code stays usable for the attempt with a password.
     */
    private Uni<Result<User>> complete(User user, String newPassword) {
        if (newPassword == null && user.passwordHash == null) {
            return Uni.createFrom().failure(new FlowException(ErrorCode.PASSWORD_REQUIRED,
                    "This account was created by invitation: choose a password to verify it.", "password"));
        }
        Uni<String> hash = newPassword == null ? Uni.createFrom().item(user.passwordHash)
                : policy.vet(newPassword, user.email, user.phone, user.username).chain(() -> hasher.hash(newPassword));
        return hash.chain(h -> {
            user.verified = true;
            if (newPassword != null) {
                user.passwordHash = h;
                user.revokeSessions();
            }
            NotificationType type = newPassword == null ? NotificationType.VERIFY_SIGNUP : NotificationType.VERIFY_SIGNUP_SET_PASSWORD;
            return notifications.notice(type, user, Map.of())
                    .chain(() -> audit.record(AuditType.VERIFIED, user.id, Map.of("passwordSet", newPassword != null)))
                    .replaceWith(Result.ok(user));
        });
    }
}
