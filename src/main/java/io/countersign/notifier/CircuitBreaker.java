package io.countersign.notifier;

import java.time.Duration;

/**
 * The health of one dependency of the notifier (a transport such as {@code smtp} or {@code sms}, or the
 * {@code database}), as its callers saw it. {@code failureThreshold} failures in a row open the circuit: nobody
 * tries the dependency until the open period ends; then one caller at a time probes it (half-open). A success
 * closes the circuit; a failed probe opens it again for twice as long, up to {@code maxOpen}. Thread-safe.
 */
public class CircuitBreaker {

    /** A probe that reported nothing for this long (its message went another way) no longer blocks a new one. */
    private static final long PROBE_LEASE_NANOS = Duration.ofSeconds(30).toNanos();

    private final String name;
    private final int failureThreshold;
    private final Duration initialOpen;
    private final Duration maxOpen;
    private int consecutiveFailures;
    private long successes;
    private Duration openFor;
    private long openUntil;
    private boolean open;
    private long probeGrantedAt;
    private boolean probing;

    public CircuitBreaker(String name, int failureThreshold, Duration initialOpen, Duration maxOpen) {
        this.name = name;
        this.failureThreshold = Math.max(1, failureThreshold);
        this.initialOpen = initialOpen;
        this.maxOpen = maxOpen.compareTo(initialOpen) < 0 ? initialOpen : maxOpen;
        this.openFor = initialOpen;
    }

    public String name() {
        return name;
    }

    /** How long a caller must wait before it may try; zero grants the attempt (when half-open: the probe). */
    public synchronized Duration permission() {
        if (!open) {
            return Duration.ZERO;
        }
        long now = System.nanoTime();
        if (now < openUntil) {
            return Duration.ofNanos(openUntil - now);
        }
        if (probing && now - probeGrantedAt < PROBE_LEASE_NANOS) {
            return initialOpen;
        }
        probing = true;
        probeGrantedAt = now;
        return Duration.ZERO;
    }

    public synchronized void success() {
        successes++;
        consecutiveFailures = 0;
        open = false;
        probing = false;
        openFor = initialOpen;
    }

    public synchronized void failure() {
        consecutiveFailures++;
        if (open) {
            if (probing) {
                probing = false;
                openFor = openFor.multipliedBy(2).compareTo(maxOpen) > 0 ? maxOpen : openFor.multipliedBy(2);
                openUntil = System.nanoTime() + openFor.toNanos();
            }
        } else if (consecutiveFailures >= failureThreshold) {
            open = true;
            openUntil = System.nanoTime() + openFor.toNanos();
        }
    }

    public synchronized boolean isOpen() {
        return open;
    }

    /** Successes so far: a message that fails again after another message succeeded fails on its own. */
    public synchronized long successes() {
        return successes;
    }
}
