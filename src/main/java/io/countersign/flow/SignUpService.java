package io.countersign.flow;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicReference;
import java.util.regex.Pattern;

import io.countersign.audit.Audit;
import io.countersign.audit.AuditType;
import io.countersign.challenge.ChallengeService;
import io.countersign.challenge.ChallengeService.Issued;
import io.countersign.challenge.Purpose;
import io.countersign.config.CountersignConfig;
import io.countersign.error.ErrorCode;
import io.countersign.error.FlowException;
import io.countersign.event.NotificationType;
import io.countersign.event.Recipient;
import io.countersign.hook.HooksConfig.ConfirmationMethod;
import io.countersign.security.EqualTiming;
import io.countersign.user.Identity;
import io.countersign.user.PasswordHasher;
import io.countersign.user.User;
import io.countersign.user.UserRepository;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * Sign-up: creates the user unverified, issues a verification challenge and records the notification, in one
 * transaction. Without a password the account is an invitation: verifying it sets the password.
 */
@ApplicationScoped
public class SignUpService {

    private static final Pattern LOCALE = Pattern.compile("^[a-zA-Z]{2,3}(-[a-zA-Z0-9]{2,8}){0,3}$");

    private final UserRepository users;
    private final Uniqueness uniqueness;
    private final ChallengeService challenges;
    private final Notifications notifications;
    private final PasswordHasher hasher;
    private final PasswordPolicy policy;
    private final CountersignConfig config;

    private final Audit audit;
    private final EqualTiming timing;
    private final UnverifiedExpiry expiry;
    private final Methods methods;
    private final ConfirmationHook hook;
    private final Terms terms;

    public SignUpService(UserRepository users, Uniqueness uniqueness, ChallengeService challenges,
            Notifications notifications, PasswordHasher hasher, PasswordPolicy policy, CountersignConfig config, Audit audit,
            EqualTiming timing, UnverifiedExpiry expiry, Methods methods, ConfirmationHook hook, Terms terms) {
        this.audit = audit;
        this.timing = timing;
        this.expiry = expiry;
        this.methods = methods;
        this.hook = hook;
        this.terms = terms;
        this.users = users;
        this.uniqueness = uniqueness;
        this.challenges = challenges;
        this.notifications = notifications;
        this.hasher = hasher;
        this.policy = policy;
        this.config = config;
    }

    /**
     * Signs up. When the email or phone is already registered and enumeration protection is on, no account is
     * created: the owner of that address gets an "account exists" notice and the caller gets null, after as long
     * as a real sign-up takes. An unverified account older than {@code countersign.verification.unverified-expiry}
     * does not count: it is deleted and the sign-up goes ahead. A taken username is always refused ({@code identity_taken}): usernames are public
     * handles, which the uniqueness check reveals anyway. How the new account is confirmed follows
     * {@code countersign.hooks.confirmation-method}: a message ({@code email}), at once ({@code auto}, with the
     * welcome notice), or by the application's hook after the commit ({@code hook}, {@link ConfirmationHook}).
     *
     * This form does not ask for the terms and conditions: it serves a caller that handles them itself (a self-service
     * process records them once the address is proved); an account without an acceptance is asked at its first login.
     *
     * @return the new user, or null when the address belongs to an existing account (protection on)
     */
    public Uni<User> signUp(SignUpCommand command) {
        return create(command, null);
    }

    /**
     * Signs up as {@link #signUp(SignUpCommand)}, accepting the terms and conditions ({@link Terms}): with
     * {@code countersign.terms.required}, {@code termsVersion} must be the version in force ({@code terms_not_accepted}
     * otherwise, decided before anything is looked up); a given version must be the one in force in any case. A new
     * account records the acceptance (and {@code terms_accepted}); a registered address records nothing.
     */
    public Uni<User> signUp(SignUpCommand command, String termsVersion) {
        return Uni.createFrom().deferred(() -> create(command, terms.forSignUp(termsVersion)));
    }

    private Uni<User> create(SignUpCommand command, String acceptedTerms) {
        User user = newUser(command);
        AtomicReference<Issued> issuedForHook = new AtomicReference<>();
        Uni<String> hash = command.password() == null ? Uni.createFrom().nullItem()
                : policy.vet(command.password(), user.email, user.phone, user.username)
                        .chain(() -> hasher.hash(command.password()));
        return hash.chain(h -> {
            EqualTiming.Watch watch = timing.start(EqualTiming.Action.SIGN_UP);
            return timing.settle(watch, Result.transaction(() -> {
                user.passwordHash = h;
                // an expired unverified account holding the address counts as absent: it goes first
                return expiry.freeAddresses(user.email, user.phone, user.username)
                        .chain(() -> uniqueness.taken(identifiers(user), null)).chain(taken -> {
                    List<String> fields = taken.entrySet().stream().filter(Map.Entry::getValue).map(Map.Entry::getKey)
                            .toList();
                    if (fields.isEmpty()) {
                        watch.didWork();
                        return create(user, command, issuedForHook, acceptedTerms);
                    }
                    String refused = !config.enumerationProtection() ? fields.get(0)
                            : fields.contains(Identity.USERNAME) ? Identity.USERNAME : null;
                    if (refused != null) {
                        return Result.refusal(new FlowException(ErrorCode.IDENTITY_TAKEN, "This " + refused + " is already taken.",
                                refused));
                    }
                    return noticeOwners(user, fields).replaceWith(Result.<User>ok(null));
                });
            }));
        }).chain(created -> created == null || issuedForHook.get() == null ? Uni.createFrom().item(created)
                // committed: the hook is called with no transaction open
                : hook.afterSignUp(created, issuedForHook.get()).map(HookRun.Done::user));
    }

    private Uni<Result<User>> create(User user, SignUpCommand command, AtomicReference<Issued> issuedForHook,
            String acceptedTerms) {
        ConfirmationMethod method = methods.confirmation();
        user.verified = method == ConfirmationMethod.AUTO;
        Uni<Void> confirmation = Uni.createFrom().deferred(() -> switch (method) {
            case AUTO -> notifications.notice(NotificationType.VERIFY_SIGNUP, user, Map.of())
                    .chain(() -> audit.record(AuditType.VERIFIED, user.id, Map.of("method", "auto")));
            case HOOK -> issueVerification(user).invoke(issuedForHook::set).replaceWithVoid();
            case EMAIL -> issueVerification(user)
                    .chain(issued -> notifications.withSecret(NotificationType.RESEND_VERIFY_SIGNUP, user, issued,
                            command.notifierOptions()));
        });
        return users.persist(user)
                .chain(users::flush)
                .chain(() -> confirmation)
                .chain(() -> audit.record(AuditType.SIGNED_UP, user.id,
                        Map.of("channel", user.preferredChannel, "invited", command.password() == null,
                                "confirmation", method.name().toLowerCase(Locale.ROOT))))
                .chain(() -> acceptedTerms == null ? Uni.createFrom().voidItem() : terms.record(user))
                .replaceWith(Result.ok(user));
    }

    private Uni<Issued> issueVerification(User user) {
        return challenges.issue(user.id, Purpose.VERIFY,
                Lifetimes.of(config.verification().lifetime(), user.preferredChannel, config), null);
    }

    /** Tells the owner of each taken address (email and/or phone), at that address, that someone tried it. */
    private Uni<Void> noticeOwners(User attempt, List<String> takenFields) {
        Uni<Void> chain = Uni.createFrom().voidItem();
        for (String field : takenFields) {
            String value = Identity.EMAIL.equals(field) ? attempt.email : attempt.phone;
            chain = chain.chain(() -> users.findOneOrNull(Identity.of(Map.of(field, value))).chain(owner -> {
                if (owner == null) {
                    return Uni.createFrom().voidItem();
                }
                Recipient to = Identity.EMAIL.equals(field)
                        ? new Recipient(owner.email, null, User.CHANNEL_EMAIL, owner.locale, owner.displayName)
                        : new Recipient(null, owner.phone, User.CHANNEL_SMS, owner.locale, owner.displayName);
                // an unverified owner can neither sign in nor reset yet: the notice says so (details.verified)
                return notifications.to(NotificationType.ACCOUNT_EXISTS, owner, to, null,
                        Map.of("verified", String.valueOf(owner.verified)))
                        .chain(() -> audit.record(AuditType.SIGN_UP_WITH_EXISTING_ADDRESS, owner.id, Map.of("field", field)));
            }));
        }
        return chain;
    }

    private static Map<String, String> identifiers(User user) {
        Map<String, String> ids = new LinkedHashMap<>();
        ids.put(Identity.EMAIL, user.email);
        ids.put(Identity.PHONE, user.phone);
        ids.put(Identity.USERNAME, user.username);
        return ids;
    }

    private User newUser(SignUpCommand command) {
        if (command.email() == null && command.phone() == null) {
            throw new FlowException(ErrorCode.INVALID_REQUEST, "An email or a phone number is required.", "email");
        }
        User user = new User();
        user.id = UUID.randomUUID();
        user.email = command.email() == null ? null : Identity.normalise(Identity.EMAIL, command.email());
        user.phone = command.phone() == null ? null : Identity.normalise(Identity.PHONE, command.phone());
        user.username = command.username() == null ? null : Identity.normalise(Identity.USERNAME, command.username());
        if (command.displayName() != null && (command.displayName().isBlank() || command.displayName().length() > 100)) {
            throw new FlowException(ErrorCode.INVALID_REQUEST, "displayName must have 1 to 100 characters.", "displayName");
        }
        user.displayName = command.displayName() == null ? null : command.displayName().strip();
        user.preferredChannel = channel(command.preferredChannel(), user);
        if (command.locale() != null && !LOCALE.matcher(command.locale()).matches()) {
            throw new FlowException(ErrorCode.INVALID_REQUEST, "locale must be a language tag such as 'en' or 'de-AT'.", "locale");
        }
        user.locale = command.locale() == null ? "en" : command.locale();
        user.verified = false;
        return user;
    }

    private static String channel(String requested, User user) {
        if (requested == null) {
            return user.email != null ? User.CHANNEL_EMAIL : User.CHANNEL_SMS;
        }
        if (User.CHANNEL_EMAIL.equals(requested) && user.email != null
                || User.CHANNEL_SMS.equals(requested) && user.phone != null) {
            return requested;
        }
        throw new FlowException(ErrorCode.INVALID_REQUEST,
                "preferredChannel must be 'email' (with an email) or 'sms' (with a phone).", "preferredChannel");
    }
}
