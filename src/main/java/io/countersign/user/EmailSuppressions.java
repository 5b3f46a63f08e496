package io.countersign.user;

import java.util.List;
import java.util.Locale;
import java.util.UUID;

import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * Addresses that must not be mailed (a hard bounce or a complaint) and the delivery feedback behind them
 * (V610). Every method joins the caller's session and transaction. Addresses are compared as stored in
 * {@code users.email}: trimmed, lower case.
 */
@ApplicationScoped
public class EmailSuppressions {

    /** Feedback kinds, as stored. */
    public static final String HARD_BOUNCE = "hard_bounce";
    public static final String SOFT_BOUNCE = "soft_bounce";
    public static final String COMPLAINT = "complaint";

    private static final String RECORD = """
            insert into delivery_feedback (provider, event_key, address, kind, provider_message_id, detail)
            values (?1, ?2, ?3, ?4, ?5, ?6) on conflict (provider, event_key, address, kind) do nothing""";
    private static final String SUPPRESS = """
            insert into email_suppressions (address, reason, provider, provider_message_id) values (?1, ?2, ?3, ?4)
            on conflict (address) do nothing""";
    private static final String REASON = "select reason from email_suppressions where address = ?1";
    private static final String ACCOUNTS = "select id from users where email = ?1";

    /** One report of a provider. {@code eventKey} identifies the provider's event (its redeliveries share it). */
    public record Feedback(String provider, String eventKey, String address, String kind, String providerMessageId, String detail) {
    }

    /**
     * Records the feedback once; a hard bounce or complaint also suppresses the address.
     *
     * @return true when this report was new (a redelivered one changes nothing)
     */
    public Uni<Boolean> record(Feedback feedback) {
        String address = normalise(feedback.address());
        return Panache.getSession().chain(session -> session.createNativeMutationQuery(RECORD)
                .setParameter(1, feedback.provider()).setParameter(2, feedback.eventKey()).setParameter(3, address)
                .setParameter(4, feedback.kind()).setParameter(5, feedback.providerMessageId()).setParameter(6, feedback.detail())
                .executeUpdate()
                .chain(inserted -> inserted == 0 || SOFT_BOUNCE.equals(feedback.kind()) ? Uni.createFrom().item(inserted > 0)
                        : session.createNativeMutationQuery(SUPPRESS).setParameter(1, address).setParameter(2, feedback.kind())
                                .setParameter(3, feedback.provider()).setParameter(4, feedback.providerMessageId())
                                .executeUpdate().replaceWith(true)));
    }

    /** Why the address must not be mailed ({@link #HARD_BOUNCE} or {@link #COMPLAINT}), or null when it may be. */
    public Uni<String> reason(String address) {
        if (address == null || address.isBlank()) {
            return Uni.createFrom().nullItem();
        }
        return Panache.getSession().chain(session -> session.createNativeQuery(REASON, String.class)
                .setParameter(1, normalise(address)).getResultList())
                .map(rows -> rows.isEmpty() ? null : rows.get(0));
    }

    /** The accounts whose current address this is (for the audit). */
    public Uni<List<UUID>> accounts(String address) {
        return Panache.getSession().chain(session -> session.createNativeQuery(ACCOUNTS, UUID.class)
                .setParameter(1, normalise(address)).getResultList());
    }

    public static String normalise(String address) {
        return address.strip().toLowerCase(Locale.ROOT);
    }
}
