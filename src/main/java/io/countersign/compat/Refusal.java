package io.countersign.compat;

/**
 * A failed call: the Feathers error, and when to try again (seconds) for a rate limit or an outage, which REST sends
 * as {@code Retry-After}; null otherwise.
 */
public record Refusal(FeathersError error, String retryAfter) implements Answer {

    public static Refusal of(FeathersError error) {
        return new Refusal(error, null);
    }
}
