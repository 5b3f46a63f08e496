package io.countersign.notifier;

/**
 * Where a notification goes.
 *
 * @param channel the channel used
 * @param address email address or E.164 number
 * @param reason  why this channel: {@code preferred}, {@code transport-option}, or {@code fallback:...}
 */
public record Route(Channel channel, String address, String reason) {

    public boolean fallback() {
        return reason.startsWith("fallback");
    }
}
