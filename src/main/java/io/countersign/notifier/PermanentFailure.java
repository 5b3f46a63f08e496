package io.countersign.notifier;

/**
 * A notification that can never be delivered as it is (malformed, undecryptable, no address, unrenderable):
 * it goes to the dead-letter topic at once, without retries. The message is the dead-letter reason and must
 * never contain a secret.
 */
public class PermanentFailure extends RuntimeException {

    public PermanentFailure(String reason) {
        super(reason);
    }

    public PermanentFailure(String reason, Throwable cause) {
        super(reason, cause);
    }
}
