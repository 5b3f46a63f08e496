package io.countersign.pages;

import io.countersign.error.ErrorCode;
import io.countersign.error.FlowException;

/** Bounds on what the page forms accept as a token or code, before the flows see them. */
final class LinkTokens {

    private static final int MAX_TOKEN = 260;
    private static final int MAX_CODE = 16;

    private LinkTokens() {
    }

    static FlowException malformed() {
        return new FlowException(ErrorCode.TOKEN_MALFORMED, "Token is not in the correct format.");
    }

    /** The token as posted; {@code token_malformed} when missing or too long. */
    static String bounded(String token) {
        if (token == null || token.isBlank() || token.length() > MAX_TOKEN) {
            throw malformed();
        }
        return token.strip();
    }

    /** The code as typed, without spaces; {@code token_incorrect}-like refusal when missing or too long. */
    static String code(String code) {
        String c = code == null ? "" : code.replaceAll("\\s", "");
        if (c.isEmpty() || c.length() > MAX_CODE) {
            throw new FlowException(ErrorCode.TOKEN_INCORRECT, "The code is incorrect.", "code");
        }
        return c;
    }
}
