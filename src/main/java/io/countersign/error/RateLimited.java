package io.countersign.error;

import io.countersign.error.ErrorCode;
import io.countersign.error.FlowException;

/** A request over a rate limit: 429 with {@code Retry-After} in each surface's error format. */
public class RateLimited extends FlowException {

    private final long retryAfterSeconds;

    public RateLimited(long retryAfterSeconds) {
        super(ErrorCode.RATE_LIMITED, "Too many requests; try again in " + retryAfterSeconds + " seconds.");
        this.retryAfterSeconds = retryAfterSeconds;
    }

    public long retryAfterSeconds() {
        return retryAfterSeconds;
    }

    /** The {@code Retry-After} value for a failure, or null when it is not a rate limit. */
    public static String retryAfter(Throwable failure) {
        return failure instanceof RateLimited r ? Long.toString(r.retryAfterSeconds()) : null;
    }
}
