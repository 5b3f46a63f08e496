package io.countersign.flow;

import java.util.Map;

import io.countersign.audit.Audit;
import io.countersign.audit.AuditType;
import io.countersign.challenge.ChallengeService.Issued;
import io.countersign.challenge.ChallengeStatements;
import io.countersign.event.NotificationEvent;
import io.countersign.event.NotificationType;
import io.countersign.event.Recipient;
import io.countersign.event.SealedSecret;
import io.countersign.event.SecretBox;
import io.countersign.event.SecretPayload;
import io.countersign.outbox.Outbox;
import io.countersign.outbox.OutboxEvent;
import io.countersign.user.EmailSuppressions;
import io.countersign.user.User;
import io.micrometer.core.instrument.MeterRegistry;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * Turns a flow's outcome into an outbox event, sealing any token and code. Runs inside the flow's transaction.
 */
@ApplicationScoped
public class Notifications {

    private final Outbox outbox;
    private final SecretBox secretBox;
    private final EmailSuppressions suppressions;
    private final Audit audit;
    private final MeterRegistry registry;

    public Notifications(Outbox outbox, SecretBox secretBox, EmailSuppressions suppressions, Audit audit, MeterRegistry registry) {
        this.outbox = outbox;
        this.secretBox = secretBox;
        this.suppressions = suppressions;
        this.audit = audit;
        this.registry = registry;
    }

    /** A notice to the user's current addresses. */
    public Uni<Void> notice(NotificationType type, User user, Map<String, String> details) {
        return send(type, user, recipient(user), null, Map.of(), details);
    }

    /** A message carrying a token and code, to the user's current addresses. */
    public Uni<Void> withSecret(NotificationType type, User user, Issued issued, Map<String, String> notifierOptions) {
        return send(type, user, recipient(user), issued, notifierOptions, Map.of());
    }

    /** A notice with details, to the user's current addresses, by the transport the options ask for. */
    public Uni<Void> withOptions(NotificationType type, User user, Map<String, String> notifierOptions, Map<String, String> details) {
        return send(type, user, recipient(user), null, notifierOptions, details);
    }

    /** A message to an explicit recipient (identity change: the new address, or the old one for revert). */
    public Uni<Void> to(NotificationType type, User user, Recipient recipient, Issued issued, Map<String, String> details) {
        return send(type, user, recipient, issued, Map.of(), details);
    }

    /**
     * Whether a message to the user goes by email to a deliverable address: the condition of the one-statement paths
     * (challenge/ChallengeStatements), which write the outbox row themselves. Everything else (SMS, a suppressed
     * address) goes through {@link #send}.
     */
    public static boolean plainEmail(User user, Map<String, String> notifierOptions) {
        String transport = notifierOptions == null ? null : notifierOptions.get(NotifierOptions.TRANSPORT);
        return user.email != null && User.CHANNEL_EMAIL.equals(user.preferredChannel) && user.emailUndeliverable == null
                && (transport == null || User.CHANNEL_EMAIL.equals(transport));
    }

    /**
     * The outbox row of a message with a token and code to the user's {@linkplain #plainEmail plain email} address,
     * not yet stored (challenge/ChallengeStatements inserts it with the challenge).
     */
    public ChallengeStatements.Message prepareWithSecret(NotificationType type, User user, Issued issued,
            Map<String, String> notifierOptions) {
        OutboxEvent row = outbox.prepare(type, event(type, user, recipient(user), issued, notifierOptions, Map.of()));
        return new ChallengeStatements.Message(row.id, row.type, row.payload, row.traceParent);
    }

    /**
     * The outbox row of a message with a token and code to an explicit recipient (as {@link #to}), not yet stored; the
     * caller makes sure the address is deliverable (challenge/ChallengeStatements inserts the row).
     */
    public ChallengeStatements.Message prepareTo(NotificationType type, User user, Recipient recipient, Issued issued,
            Map<String, String> details) {
        OutboxEvent row = outbox.prepare(type, event(type, user, recipient, issued, Map.of(), details));
        return new ChallengeStatements.Message(row.id, row.type, row.payload, row.traceParent);
    }

    /**
     * A notice whose payload the statement builds from the user row it changed (as {@link #notice} would, to a
     * {@linkplain #plainEmail plain email} address).
     */
    public ChallengeStatements.Notice prepareNotice(NotificationType type) {
        return new ChallengeStatements.Notice(java.util.UUID.randomUUID(), type.cloudEventType(), type.wireName(), outbox.traceParent());
    }

    public static Recipient recipient(User user) {
        return new Recipient(user.email, user.phone, user.preferredChannel, user.locale, user.displayName);
    }

    /**
     * An undeliverable email address (hard bounce, complaint) is left out of the event, so that the notifier sends
     * by SMS when there is a phone number; without one, nothing is queued. Either way it is audited and counted
     * ({@code countersign.notifications.suppressed{type,reason,instead}}), and the caller's answer does not change.
     */
    private Uni<Void> send(NotificationType type, User user, Recipient recipient, Issued issued,
            Map<String, String> notifierOptions, Map<String, String> details) {
        return suppressions.reason(recipient.email()).chain(reason -> {
            if (reason == null) {
                return queue(type, user, recipient, issued, notifierOptions, details);
            }
            Recipient withoutEmail = new Recipient(null, recipient.phone(), recipient.preferredChannel(), recipient.locale(),
                    recipient.displayName());
            boolean sms = recipient.phone() != null && !recipient.phone().isBlank();
            registry.counter("countersign.notifications.suppressed", "type", type.wireName(), "reason", reason,
                    "instead", sms ? "sms" : "none").increment();
            return audit.record(AuditType.NOTIFICATION_SUPPRESSED, user.id,
                    Map.of("type", type.wireName(), "reason", reason, "instead", sms ? "sms" : "none"))
                    .chain(() -> sms ? queue(type, user, withoutEmail, issued, notifierOptions, details) : Uni.createFrom().voidItem());
        });
    }

    private Uni<Void> queue(NotificationType type, User user, Recipient recipient, Issued issued,
            Map<String, String> notifierOptions, Map<String, String> details) {
        return outbox.record(type, event(type, user, recipient, issued, notifierOptions, details)).replaceWithVoid();
    }

    private NotificationEvent event(NotificationType type, User user, Recipient recipient, Issued issued,
            Map<String, String> notifierOptions, Map<String, String> details) {
        String userId = user.id.toString();
        SealedSecret secret = issued == null ? null : secretBox.seal(new SecretPayload(issued.token(), issued.code()), userId);
        return new NotificationEvent(type.wireName(), userId, recipient, secret,
                issued == null ? null : issued.challenge().expiresAt.toInstant(),
                notifierOptions == null ? Map.of() : notifierOptions, details == null ? Map.of() : details);
    }
}
