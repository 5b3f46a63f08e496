package io.countersign.flow;

import java.time.OffsetDateTime;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

import io.countersign.audit.Audit;
import io.countersign.audit.AuditType;
import io.countersign.audit.AuditEntry;
import io.countersign.challenge.Challenge;
import io.countersign.challenge.ChallengeService;
import io.countersign.challenge.ChallengeStatements;
import io.countersign.challenge.Purpose;
import io.countersign.challenge.Redemption;
import io.countersign.challenge.TokenCodec;
import io.countersign.config.CountersignConfig;
import io.countersign.error.ErrorCode;
import io.countersign.error.FlowException;
import io.countersign.event.NotificationType;
import io.countersign.event.Recipient;
import io.countersign.security.EqualTiming;
import io.countersign.user.AccessTokens;
import io.countersign.user.Identity;
import io.countersign.user.PasswordHasher;
import io.countersign.user.User;
import io.countersign.user.UserRepository;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * Changing email or phone: the caller proves their password, the new value is held as a pending change and
 * confirmed from the new address; then the old address gets a revert link, which restores it and forces a
 * password reset.
 */
@ApplicationScoped
public class IdentityChangeService {

    private final AccessTokens tokens;
    private final UserRepository users;
    private final Uniqueness uniqueness;
    private final ChallengeService challenges;
    private final Notifications notifications;
    private final PasswordHasher hasher;
    private final CountersignConfig config;

    private final Audit audit;
    private final CodeAnswers answers;
    private final TokenCodec codec;
    private final ChallengeStatements statements;

    public IdentityChangeService(AccessTokens tokens, UserRepository users, Uniqueness uniqueness,
            ChallengeService challenges, Notifications notifications, PasswordHasher hasher, CountersignConfig config, Audit audit,
            CodeAnswers answers, TokenCodec codec, ChallengeStatements statements) {
        this.codec = codec;
        this.statements = statements;
        this.audit = audit;
        this.answers = answers;
        this.tokens = tokens;
        this.users = users;
        this.uniqueness = uniqueness;
        this.challenges = challenges;
        this.notifications = notifications;
        this.hasher = hasher;
        this.config = config;
    }

    /** Holds the change and sends a confirmation to the new address. */
    public Uni<User> request(CallerCheck expected, String password, Map<String, String> changes) {
        Map<String, String> pending = normalise(changes);
        return Result.transaction(() -> tokens.caller().chain(user -> {
            if (expected != null && !expected.matches(user)) {
                return Result.<User>refusal(new FlowException(ErrorCode.FORBIDDEN, "You can only change your own identity."));
            }
            pending.entrySet().removeIf(e -> e.getValue().equals(current(user, e.getKey())));
            if (pending.isEmpty()) {
                return Result.<User>refusal(new FlowException(ErrorCode.NOTHING_TO_CHANGE, "The new values equal the current ones."));
            }
            return hasher.matches(password, user.passwordHash).chain(ok -> !ok
                    ? Result.<User>refusal(new FlowException(ErrorCode.PASSWORD_INCORRECT, "Password is incorrect.", "password"))
                    : ensureFree(pending, user).chain(() -> challenges.issue(user.id, Purpose.IDENTITY_CHANGE,
                            Lifetimes.of(config.identityChange().lifetime(), recipient(user, pending).preferredChannel(), config),
                            pending))
                            .chain(issued -> notifications.to(NotificationType.IDENTITY_CHANGE, user, recipient(user, pending),
                                    issued, Map.of("changedFields", String.join(",", pending.keySet()))))
                            .chain(() -> audit.record(AuditType.IDENTITY_CHANGE_REQUESTED, user.id, fields(pending)))
                            .replaceWith(Result.ok(user)));
        }));
    }

    /**
     * Confirms by the link token. The usual case (a live link whose verifier matches, the revert message by email to a
     * deliverable old address) is two round trips with no lock held in between: the challenge is read with its user
     * ({@link ChallengeStatements#findWithUser}), then {@link #apply} runs as one statement
     * ({@link ChallengeStatements#confirmIdentity}), which changes nothing when the account changed since it was read
     * or a new value was taken meanwhile. Those cases, and every other one, refusals included, run in the
     * transaction below.
     */
    public Uni<User> confirmByToken(String token) {
        TokenCodec.LongToken parsed = codec.parse(token);
        if (parsed == null) {
            return confirmInTransaction(token);
        }
        return Result.toCompletion(statements.findWithUser(parsed.selector()).chain(found -> {
            if (found == null || !live(found.challenge(), codec.verifierHash(parsed.verifier()))
                    || !Notifications.plainEmail(found.user(), Map.of())) {
                return confirmInTransaction(token);
            }
            User user = found.user();
            OffsetDateTime read = user.updatedAt;
            Map<String, String> pending = found.challenge().pendingChanges;
            Map<String, String> old = new LinkedHashMap<>();
            pending.keySet().forEach(field -> old.put(field, current(user, field)));
            Recipient oldAddress = Notifications.recipient(user);
            pending.forEach((field, value) -> set(user, field, value));
            OffsetDateTime now = OffsetDateTime.now();
            ChallengeService.Issued issued = challenges.prepare(user.id, Purpose.REVERT, config.identityChange().revertLifetime(), old, now);
            ChallengeStatements.Message message = notifications.prepareTo(NotificationType.IDENTITY_CHANGE_REVERT, user, oldAddress,
                    issued, Map.of("changedFields", String.join(",", pending.keySet())));
            AuditEntry entry = audit.entry(AuditType.IDENTITY_CHANGE_CONFIRMED, user.id, fields(pending));
            return statements.confirmIdentity(found.challenge().id, read, now, user, issued.challenge(), message,
                    new ChallengeStatements.Note(entry.type, entry.ip, entry.userAgent, entry.details))
                    .onFailure(ChallengeStatements::uniqueViolation).recoverWithNull()
                    .chain(changed -> changed != null ? Uni.createFrom().item(changed) : confirmInTransaction(token));
        }));
    }

    /** A live identity change challenge with pending changes whose verifier matches (the statement checks it again). */
    private static boolean live(Challenge c, byte[] verifierHash) {
        return Purpose.IDENTITY_CHANGE.dbValue().equals(c.purpose) && c.consumedAt == null && c.attemptsLeft > 0
                && c.expiresAt.isAfter(OffsetDateTime.now()) && c.pendingChanges != null && !c.pendingChanges.isEmpty()
                && TokenCodec.same(verifierHash, c.verifierHash);
    }

    private Uni<User> confirmInTransaction(String token) {
        return Result.transaction(() -> challenges.redeemToken(Purpose.IDENTITY_CHANGE, token)
                .chain(r -> r instanceof Redemption.Accepted a
                        ? users.findById(a.challenge().userId).chain(user -> apply(user, a.challenge().pendingChanges))
                        : Uni.createFrom().item(Result.refused((Redemption.Refused) r))));
    }

    /** Confirms by the code sent to the new address; with enumeration protection on, refusals answer alike. */
    public Uni<User> confirmByCode(Identity identity, String code) {
        return answers.concealed(EqualTiming.Action.CHANGE_CODE, watch -> redeemCode(identity, code, watch));
    }

    Uni<User> redeemCode(Identity identity, String code, EqualTiming.Watch watch) {
        return Result.transaction(() -> users.findOne(identity).chain(user -> challenges
                .redeemCode(user.id, Purpose.IDENTITY_CHANGE, code).map(r -> CodeAnswers.compared(r, watch))
                .chain(r -> r instanceof Redemption.Accepted a ? apply(user, a.challenge().pendingChanges)
                        : Uni.createFrom().item(Result.refused((Redemption.Refused) r)))));
    }

    /** Restores the old values from the revert link and forces a password reset. */
    public Uni<User> revert(String token) {
        return Result.transaction(() -> challenges.redeemToken(Purpose.REVERT, token)
                .chain(r -> r instanceof Redemption.Accepted a
                        ? users.findById(a.challenge().userId).chain(user -> restore(user, a.challenge().pendingChanges))
                        : Uni.createFrom().item(Result.refused((Redemption.Refused) r))));
    }

    private Uni<Result<User>> apply(User user, Map<String, String> pending) {
        Map<String, String> old = new LinkedHashMap<>();
        pending.keySet().forEach(field -> old.put(field, current(user, field)));
        Recipient oldAddress = Notifications.recipient(user);
        return ensureFree(pending, user).chain(() -> {
            pending.forEach((field, value) -> set(user, field, value));
            user.verified = true;
            user.revokeSessions();
            return challenges.issue(user.id, Purpose.REVERT, config.identityChange().revertLifetime(), old);
        }).chain(issued -> notifications.to(NotificationType.IDENTITY_CHANGE_REVERT, user, oldAddress, issued,
                Map.of("changedFields", String.join(",", pending.keySet()))))
                .chain(() -> audit.record(AuditType.IDENTITY_CHANGE_CONFIRMED, user.id, fields(pending)))
                .replaceWith(Result.ok(user));
    }

    private Uni<Result<User>> restore(User user, Map<String, String> old) {
        Map<String, String> values = new HashMap<>(old);
        values.values().removeIf(Objects::isNull);
        return ensureFree(values, user).chain(() -> {
            old.forEach((field, value) -> set(user, field, value));
            user.passwordHash = null;
            user.revokeSessions();
            return challenges.revoke(user.id, Purpose.IDENTITY_CHANGE);
        }).chain(() -> challenges.issue(user.id, Purpose.RESET, Lifetimes.of(config.reset().lifetime(), user.preferredChannel, config),
                null))
                .chain(issued -> notifications.to(NotificationType.IDENTITY_CHANGE_REVERTED, user,
                        Notifications.recipient(user), issued, Map.of("changedFields", String.join(",", old.keySet()))))
                .chain(() -> audit.record(AuditType.IDENTITY_CHANGE_REVERTED, user.id, fields(old)))
                .replaceWith(Result.ok(user));
    }

    /** Audit details: which fields changed (not their values) and that sessions were revoked where they were. */
    private static Map<String, Object> fields(Map<String, String> changes) {
        return Map.of("fields", java.util.List.copyOf(new java.util.TreeSet<>(changes.keySet())));
    }

    private Uni<Void> ensureFree(Map<String, String> values, User user) {
        return uniqueness.taken(values, user.id).invoke(taken -> taken.forEach((field, isTaken) -> {
            if (isTaken) {
                throw new FlowException(ErrorCode.IDENTITY_TAKEN, "This " + field + " is already taken.", field);
            }
        })).replaceWithVoid();
    }

    private static Map<String, String> normalise(Map<String, String> changes) {
        if (changes == null || changes.isEmpty()) {
            throw new FlowException(ErrorCode.INVALID_REQUEST, "changes must name a new email or phone.", "changes");
        }
        Map<String, String> result = new LinkedHashMap<>();
        changes.forEach((field, value) -> {
            if (!Identity.EMAIL.equals(field) && !Identity.PHONE.equals(field)) {
                throw new FlowException(ErrorCode.INVALID_REQUEST, "Only email and phone can be changed here.", field);
            }
            result.put(field, Identity.normalise(field, value));
        });
        return result;
    }

    private static Recipient recipient(User user, Map<String, String> pending) {
        String email = pending.get(Identity.EMAIL);
        String phone = pending.get(Identity.PHONE);
        String channel = email != null ? User.CHANNEL_EMAIL : User.CHANNEL_SMS;
        return new Recipient(email, phone, channel, user.locale, user.displayName);
    }

    private static String current(User user, String field) {
        return Identity.EMAIL.equals(field) ? user.email : user.phone;
    }

    private static void set(User user, String field, String value) {
        if (Identity.EMAIL.equals(field)) {
            user.email = value;
        } else {
            user.phone = value;
        }
        if (user.email == null && User.CHANNEL_EMAIL.equals(user.preferredChannel)) {
            user.preferredChannel = User.CHANNEL_SMS;
        }
        if (user.phone == null && User.CHANNEL_SMS.equals(user.preferredChannel)) {
            user.preferredChannel = User.CHANNEL_EMAIL;
        }
    }
}
