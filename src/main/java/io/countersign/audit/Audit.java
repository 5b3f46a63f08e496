package io.countersign.audit;

import java.time.OffsetDateTime;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.countersign.audit.ClientInfo;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * Writes the audit log. {@link #record} joins the current transaction, so the entry commits together with the
 * change it describes (and a refusal that {@code flow.Result} commits, such as a failed login). Callers pass only
 * non-secret details: field names, reasons, counts, never a password, token or code.
 */
@ApplicationScoped
public class Audit {

    private final ClientInfo client;
    private final ObjectMapper json;

    public Audit(ClientInfo client, ObjectMapper json) {
        this.client = client;
        this.json = json;
    }

    /** Records an event inside the current transaction. */
    public Uni<Void> record(AuditType type, UUID userId, Map<String, ?> details) {
        AuditEntry entry;
        try {
            entry = entry(type, userId, details);
        } catch (IllegalStateException e) {
            return Uni.createFrom().failure(e);
        }
        return Panache.getSession().chain(session -> session.persist(entry));
    }

    /**
     * The entry {@link #record} persists, not yet stored: for the statements that insert it together with the change
     * it describes in one round trip (challenge/ChallengeStatements).
     */
    public AuditEntry entry(AuditType type, UUID userId, Map<String, ?> details) {
        AuditEntry entry = new AuditEntry();
        entry.userId = userId;
        entry.type = type.wireName();
        entry.ip = client.ip();
        entry.userAgent = client.userAgent();
        entry.at = OffsetDateTime.now();
        try {
            entry.details = details == null || details.isEmpty() ? null : json.writeValueAsString(details);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot serialise audit details", e);
        }
        return entry;
    }

    /**
     * Records that an account was erased, and forgets who used it: the client IP and user agent go from every entry
     * of the account, and this entry has none. The entries keep the account's id, which names no one once the
     * account is gone, and their details, which never hold personal data.
     */
    public Uni<Void> recordErasure(AuditType type, UUID userId, Map<String, ?> details) {
        AuditEntry entry = new AuditEntry();
        entry.userId = userId;
        entry.type = type.wireName();
        entry.at = OffsetDateTime.now();
        try {
            entry.details = details == null || details.isEmpty() ? null : json.writeValueAsString(details);
        } catch (JsonProcessingException e) {
            return Uni.createFrom().failure(new IllegalStateException("cannot serialise audit details", e));
        }
        return Panache.getSession().chain(session -> session
                .createMutationQuery("update AuditEntry e set e.ip = null, e.userAgent = null where e.userId = :user")
                .setParameter("user", userId).executeUpdate()
                .chain(() -> session.persist(entry)));
    }

    /**
     * Records an administrator's action ({@code admin_action}) on the account (null when it concerns none, e.g. a
     * search or an API key), inside the current transaction: {@code details} are the action, the acting admin
     * ({@link Actor}) and the given facts.
     */
    public Uni<Void> recordAdmin(Actor actor, String action, UUID userId, Map<String, ?> facts) {
        return record(AuditType.ADMIN_ACTION, userId, adminDetails(actor, action, facts));
    }

    /** As {@link #recordAdmin}, in a transaction of its own (an action that changes nothing, such as a read). */
    public Uni<Void> recordAdminAlone(Actor actor, String action, UUID userId, Map<String, ?> facts) {
        return recordAlone(AuditType.ADMIN_ACTION, userId, adminDetails(actor, action, facts));
    }

    private static Map<String, Object> adminDetails(Actor actor, String action, Map<String, ?> facts) {
        Map<String, Object> details = new LinkedHashMap<>();
        details.put("action", action);
        details.put("actor", actor.toString());
        if (facts != null) {
            details.putAll(facts);
        }
        return details;
    }

    public Uni<Void> record(AuditType type, UUID userId) {
        return record(type, userId, null);
    }

    /** Records an event that changes nothing else (e.g. a rate-limited request), in a transaction of its own. */
    public Uni<Void> recordAlone(AuditType type, UUID userId, Map<String, ?> details) {
        return Panache.withTransaction(() -> record(type, userId, details));
    }
}
