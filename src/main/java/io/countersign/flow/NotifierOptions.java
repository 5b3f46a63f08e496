package io.countersign.flow;

import java.util.Locale;
import java.util.Map;
import java.util.Set;

import io.countersign.error.ErrorCode;
import io.countersign.error.FlowException;

/**
 * The one notifier option Countersign itself reads, {@code transport}, checked where the request comes in: a value
 * other than {@code email} or {@code sms} would only fail later in the notifier (dead-lettered), after the
 * caller had been told the message is on its way.
 */
public final class NotifierOptions {

    public static final String TRANSPORT = "transport";
    /**
     * Set by a self-service stage to its process's name: the message's link then continues the process on the generic
     * page (notifier/Links, docs/selfservice.md).
     */
    public static final String SELFSERVICE_PROCESS = "selfserviceProcess";
    public static final String INVALID_TRANSPORT = "notifierOptions.transport must be email or sms.";
    private static final Set<String> TRANSPORTS = Set.of("email", "sms");

    private NotifierOptions() {
    }

    /** @return whether the options are usable (no transport, or email/sms in any case) */
    public static boolean valid(Map<String, String> options) {
        String transport = options == null ? null : options.get(TRANSPORT);
        return transport == null || TRANSPORTS.contains(transport.trim().toLowerCase(Locale.ROOT));
    }

    /** @throws FlowException {@code invalid_request} naming {@code notifierOptions.transport} */
    public static Map<String, String> check(Map<String, String> options) {
        if (!valid(options)) {
            throw new FlowException(ErrorCode.INVALID_REQUEST, INVALID_TRANSPORT, "notifierOptions.transport");
        }
        return options;
    }
}
