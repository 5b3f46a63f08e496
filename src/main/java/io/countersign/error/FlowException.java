package io.countersign.error;

/**
 * A request the flows refuse, with a stable {@link ErrorCode}. Its message is safe to show to the caller: it
 * never contains a token, code or password.
 */
public class FlowException extends RuntimeException {

    private final ErrorCode code;
    private final String field;

    public FlowException(ErrorCode code, String message) {
        this(code, message, null);
    }

    public FlowException(ErrorCode code, String message, String field) {
        super(message, null, false, false);
        this.code = code;
        this.field = field;
    }

    public ErrorCode code() {
        return code;
    }

    /** The request field at fault, or null. */
    public String field() {
        return field;
    }
}
