package io.countersign.notifier;

import java.util.HashMap;
import java.util.Map;

/**
 * What the notifier knows about the notification it is holding, across its attempts. Used by one consumer at a
 * time (its attempts run one after the other).
 */
final class PendingNotification {

    final Notification notification;
    /** Its lifecycle record exists. */
    boolean received;
    Route route;
    String transport;
    /** {@link #suppression} is decided (the SMS guard counted it, or refused it). */
    boolean screened;
    /** Why it is not sent, or null. */
    Suppression suppression;
    /** Accepted by the transport, but not yet recorded (the database failed): recorded, never sent again. */
    Delivered delivered;
    /** Failed attempts in a row, for the backoff. */
    int failuresInARow;
    /** Failures that were its own: the dependency worked for other messages in between. */
    int ownFailures;
    /** A deferred state is recorded for the current wait. */
    boolean deferralRecorded;
    /** Per dependency, its success count at this message's last failure there. */
    private final Map<String, Long> successesAtLastFailure = new HashMap<>();

    PendingNotification(Notification notification) {
        this.notification = notification;
    }

    /** True when the dependency served other messages since this one last failed there. */
    boolean failedOnItsOwn(String dependency, long successesNow) {
        Long before = successesAtLastFailure.put(dependency, successesNow);
        return before != null && successesNow > before;
    }
}
