package io.countersign.notifier.email;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A short, safe excerpt of a provider's error answer for the failure reason (which becomes the dead-letter
 * reason): only the provider's error code or type, never the whole body.
 */
final class ErrorDetail {

    /** Postmark {@code ErrorCode}, SES {@code __type}/{@code code}-like fields, SendGrid {@code field}. */
    private static final Pattern CODE = Pattern.compile("\"(ErrorCode|__type|code|field)\"\\s*:\\s*\"?([A-Za-z0-9_.#:-]{1,60})");

    private ErrorDetail() {
    }

    static String of(String body) {
        if (body == null) {
            return "";
        }
        Matcher matcher = CODE.matcher(body);
        return matcher.find() ? " (" + matcher.group(1) + " " + matcher.group(2) + ")" : "";
    }
}
