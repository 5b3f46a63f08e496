package io.countersign.socketio;

/** A token bucket: {@code rate} packets per second on average, {@code burst} at once. Not thread-safe. */
final class FloodGate {

    private final double rate;
    private final double burst;
    private double tokens;
    private long last = System.nanoTime();

    FloodGate(int rate, int burst) {
        this.rate = Math.max(1, rate);
        this.burst = Math.max(1, burst);
        this.tokens = this.burst;
    }

    boolean admit() {
        long now = System.nanoTime();
        tokens = Math.min(burst, tokens + (now - last) / 1e9 * rate);
        last = now;
        if (tokens < 1) {
            return false;
        }
        tokens -= 1;
        return true;
    }
}
