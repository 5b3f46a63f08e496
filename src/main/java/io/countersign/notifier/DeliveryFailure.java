package io.countersign.notifier;

/**
 * A failed attempt that may succeed later (the SMTP server, the SMS gateway or the database unavailable): the
 * message waits and is tried again. {@link #dependency} names what failed; its circuit breaker decides how long
 * everyone waits.
 */
public class DeliveryFailure extends RuntimeException {

    private final String dependency;

    public DeliveryFailure(String dependency, String reason, Throwable cause) {
        super(reason, cause);
        this.dependency = dependency;
    }

    public DeliveryFailure(String dependency, String reason) {
        super(reason);
        this.dependency = dependency;
    }

    /** The transport's name ({@code smtp}, {@code sms}) or {@code database}. */
    public String dependency() {
        return dependency;
    }
}
