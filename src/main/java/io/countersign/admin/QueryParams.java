package io.countersign.admin;

import io.countersign.error.ErrorCode;
import io.countersign.error.FlowException;

/** Query parameters of the admin API, read as text so that a malformed one is a 400 naming it, not a 404. */
final class QueryParams {

    private QueryParams() {
    }

    /** {@code true}, {@code false} or absent (null); anything else {@code invalid_request}. */
    static Boolean bool(String name, String value) {
        if (value == null) {
            return null;
        }
        return switch (value) {
            case "true" -> Boolean.TRUE;
            case "false" -> Boolean.FALSE;
            default -> throw new FlowException(ErrorCode.INVALID_REQUEST, name + " must be true or false.", name);
        };
    }

    /** A whole number in [min, max], the default when absent; otherwise {@code invalid_request}. */
    static int number(String name, String value, int min, int max, int absent) {
        if (value == null) {
            return absent;
        }
        try {
            int n = Integer.parseInt(value);
            if (n >= min && n <= max) {
                return n;
            }
        } catch (NumberFormatException e) {
            // answered below
        }
        throw new FlowException(ErrorCode.INVALID_REQUEST, name + " must be a whole number from " + min + " to " + max + ".", name);
    }

    /** A search text of at most 320 characters, or absent. */
    static String text(String name, String value) {
        if (value != null && value.length() > 320) {
            throw new FlowException(ErrorCode.INVALID_REQUEST, name + " is longer than 320 characters.", name);
        }
        return value;
    }
}
