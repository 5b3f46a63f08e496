package io.countersign.challenge;

import io.countersign.error.ErrorCode;
import io.countersign.error.FlowException;

/**
 * The result of presenting a token or code. A refusal is a value, not an exception, so that the transaction that
 * spent an attempt still commits; the flow throws only after the commit.
 */
public sealed interface Redemption {

    record Accepted(Challenge challenge) implements Redemption {
    }

    /** @param compared whether the presented secret was compared with a live one (an attempt was taken) */
    record Refused(ErrorCode code, String message, boolean compared) implements Redemption {

        public Refused(ErrorCode code, String message) {
            this(code, message, false);
        }

        public FlowException exception() {
            return new FlowException(code, message);
        }
    }
}
