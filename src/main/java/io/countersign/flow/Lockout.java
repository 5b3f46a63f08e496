package io.countersign.flow;

import java.time.Duration;
import java.time.OffsetDateTime;

import io.countersign.config.CountersignConfig;

/**
 * Login throttling per account: below the threshold nothing happens; from it on the account is locked for a period
 * that doubles with each further failure (capped at an hour); at the hard limit it stays locked until a password
 * reset (which clears the counter).
 */
final class Lockout {

    private static final Duration MAX = Duration.ofHours(1);
    private static final OffsetDateTime UNTIL_RESET = OffsetDateTime.parse("9999-12-31T00:00:00Z");

    private final int threshold;
    private final Duration first;
    private final int hardLimit;

    Lockout(CountersignConfig.Login config) {
        this.threshold = Math.max(1, config.lockAfterFailures());
        this.first = config.lockDuration();
        this.hardLimit = Math.min(100, config.hardLockFailures());
    }

    /** The end of the lock after this many consecutive failures, or null when the account stays open. */
    OffsetDateTime lockUntil(int failures, OffsetDateTime now) {
        if (failures >= hardLimit) {
            return UNTIL_RESET;
        }
        if (failures < threshold) {
            return null;
        }
        int doublings = Math.min(failures - threshold, 20);
        Duration lock = first.multipliedBy(1L << doublings);
        return now.plus(lock.compareTo(MAX) > 0 ? MAX : lock);
    }
}
