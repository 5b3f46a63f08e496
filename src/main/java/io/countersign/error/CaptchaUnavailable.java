package io.countersign.error;

/**
 * The captcha provider's site-verify API failed (timed out, unreachable, an error status, an answer that is not one,
 * or it refused our own secret): 503 {@code captcha_unavailable} with {@code Retry-After} in each surface's error
 * format. The request is refused, never let through unchecked.
 */
public class CaptchaUnavailable extends FlowException {

    private final String reason;

    public CaptchaUnavailable(String reason) {
        super(ErrorCode.CAPTCHA_UNAVAILABLE, "The captcha could not be checked right now; nothing was done. Try again shortly.");
        this.reason = reason;
    }

    /** What went wrong, for metrics and the log: timeout, unreachable, status_5xx, garbage, misconfigured. */
    public String reason() {
        return reason;
    }
}
