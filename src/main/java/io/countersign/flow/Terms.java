package io.countersign.flow;

import java.time.OffsetDateTime;
import java.util.Map;
import java.util.UUID;

import io.countersign.audit.Audit;
import io.countersign.audit.AuditType;
import io.countersign.audit.ClientInfo;
import io.countersign.config.TermsConfig;
import io.countersign.error.ErrorCode;
import io.countersign.error.TermsRefusal;
import io.countersign.user.User;
import io.countersign.user.UserRepository;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * The terms and conditions in force ({@code countersign.terms.*}, docs/terms.md): which version, whether it binds
 * every account, and the one way an acceptance is recorded, on the account (version, time, client IP) and in the audit
 * ({@code terms_accepted}), in the transaction of the change that carries it (sign-up, login, self-service).
 */
@ApplicationScoped
public class Terms {

    static final String FIELD = "termsVersion";

    private final TermsConfig config;
    private final UserRepository users;
    private final Audit audit;
    private final ClientInfo client;

    public Terms(TermsConfig config, UserRepository users, Audit audit, ClientInfo client) {
        this.config = config;
        this.users = users;
        this.audit = audit;
        this.client = client;
    }

    /** The version in force. */
    public String version() {
        return config.version();
    }

    /** Where the version in force can be read. */
    public String url() {
        return config.url();
    }

    /** Whether the terms bind every account (sign-up must accept them, an outdated login is refused). */
    public boolean required() {
        return config.required();
    }

    /**
     * The version a sign-up accepts, or null when it accepts none and need not: {@code terms_not_accepted} when the
     * terms are required and {@code termsVersion} is missing, or when it names another version than the one in force.
     * Decided from the request alone, before any account is looked at.
     */
    public String forSignUp(String termsVersion) {
        if (termsVersion == null && !config.required()) {
            return null;
        }
        return inForce(termsVersion);
    }

    /** The version an explicit acceptance names; {@code terms_not_accepted} unless it is the one in force. */
    public String inForce(String termsVersion) {
        if (!config.version().equals(termsVersion)) {
            throw new TermsRefusal(ErrorCode.TERMS_NOT_ACCEPTED, termsVersion == null
                    ? "Accept the terms and conditions: send termsVersion " + config.version() + " (" + config.url() + ")."
                    : "These are not the terms in force: accept version " + config.version() + " (" + config.url() + ").",
                    FIELD, config.version(), config.url());
        }
        return termsVersion;
    }

    /** Whether a login must be refused until the account accepts the version in force. */
    public boolean outdated(User user) {
        return config.required() && !config.version().equals(user.termsVersion);
    }

    /** Whether the account has yet to accept the version in force (required or not). */
    public boolean pending(User user) {
        return !config.version().equals(user.termsVersion);
    }

    /** Whether {@code termsVersion} (from a request, may be null) accepts the version in force. */
    public boolean accepts(String termsVersion) {
        return config.version().equals(termsVersion);
    }

    /** The refusal of a login with the right password by an account that has not accepted the version in force. */
    public TermsRefusal acceptanceRequired() {
        return new TermsRefusal(ErrorCode.TERMS_ACCEPTANCE_REQUIRED, "Accept the terms and conditions, version "
                + config.version() + " (" + config.url() + "), to sign in: log in again with termsVersion "
                + config.version() + ".", FIELD, config.version(), config.url());
    }

    /** Records that the (managed) account accepts the version in force, inside the current transaction. */
    public Uni<Void> record(User user) {
        user.termsVersion = config.version();
        user.termsAcceptedAt = OffsetDateTime.now();
        user.termsAcceptedIp = client.ip();
        return audit.record(AuditType.TERMS_ACCEPTED, user.id, Map.of("version", config.version()));
    }

    /**
     * Records the acceptance of an account that a self-service process proved (the address it was identified by), in a
     * transaction of its own; nothing when the account is gone meanwhile.
     */
    public Uni<Void> recordProven(UUID userId) {
        return Panache.withTransaction(() -> users.findById(userId)
                .chain(user -> user == null ? Uni.createFrom().voidItem() : record(user)));
    }
}
