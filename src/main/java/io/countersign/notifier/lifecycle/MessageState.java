package io.countersign.notifier.lifecycle;

import java.util.EnumSet;
import java.util.Locale;
import java.util.Set;

/** Where a notification stands. The wire name (lower case) is what the database, the API and the metrics say. */
public enum MessageState {
    /** Received by the notifier (or replayed), not tried yet. */
    QUEUED,
    /** An attempt is under way. */
    SENDING,
    /** Accepted by the transport (with the provider's message id, when it gives one). */
    SENT,
    /** Waiting: the transport or the database is unavailable, or the attempt failed; {@code nextAttemptAt} says when. */
    DEFERRED,
    /** The provider reported a hard bounce. */
    BOUNCED,
    /** The recipient marked the message as spam. */
    COMPLAINED,
    /** Failed on its own (permanently); the record is on the dead-letter topic and can be replayed. */
    DEAD_LETTERED,
    /** Not sent: its link and code had expired by the time it could be delivered. */
    EXPIRED,
    /**
     * Not sent, on purpose: the e-mail address bounced for good or complained, or the SMS abuse guard refused the
     * number (a country calling code not allowed, an hourly cap reached); {@code reason} says which.
     */
    SUPPRESSED;

    /** States from which a redelivered event is not sent again. */
    public static final Set<MessageState> FINAL = EnumSet.of(SENT, BOUNCED, COMPLAINED, DEAD_LETTERED, EXPIRED, SUPPRESSED);

    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static MessageState fromWireName(String value) {
        return valueOf(value.toUpperCase(Locale.ROOT));
    }
}
