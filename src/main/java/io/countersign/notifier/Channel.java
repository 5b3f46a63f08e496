package io.countersign.notifier;

import java.util.Locale;
import java.util.Optional;

/** Delivery channels. */
public enum Channel {
    EMAIL, SMS;

    public String tag() {
        return name().toLowerCase(Locale.ROOT);
    }

    public Channel other() {
        return this == EMAIL ? SMS : EMAIL;
    }

    /** {@code email} or {@code sms}, any case; empty for anything else. */
    public static Optional<Channel> parse(String value) {
        if (value == null) {
            return Optional.empty();
        }
        return switch (value.trim().toLowerCase(Locale.ROOT)) {
            case "email" -> Optional.of(EMAIL);
            case "sms" -> Optional.of(SMS);
            default -> Optional.empty();
        };
    }
}
