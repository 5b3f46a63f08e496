package io.countersign.error;

/**
 * The application's hook failed (timed out, unreachable, an error status, or an answer that is not one): 503
 * {@code hook_unavailable} with {@code Retry-After} in each surface's error format. Never a 500, and never mistaken
 * for a database outage ({@link Unavailable} looks at the cause chain, which this exception does not carry).
 */
public class HookUnavailable extends FlowException {

    private final String reason;

    public HookUnavailable(String reason) {
        super(ErrorCode.HOOK_UNAVAILABLE, "The application's hook did not answer usefully; nothing was changed. Try again shortly.");
        this.reason = reason;
    }

    /** What went wrong, for metrics and the audit: timeout, unreachable, status, garbage. */
    public String reason() {
        return reason;
    }
}
