package io.countersign.notifier;

/** A failed delivery that may succeed later (SMTP or SMS gateway unavailable): retried with backoff. */
public class DeliveryFailure extends RuntimeException {

    public DeliveryFailure(String reason, Throwable cause) {
        super(reason, cause);
    }

    public DeliveryFailure(String reason) {
        super(reason);
    }
}
