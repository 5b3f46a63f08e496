package io.countersign.outbox;

/** Logical channel names of the relay; configuration maps them to Kafka topics. */
public final class NotificationChannels {

    /** Outgoing: notification CloudEvents, topic {@code countersign.notifications} by default. */
    public static final String OUTGOING = "notifications-out";

    private NotificationChannels() {
    }
}
