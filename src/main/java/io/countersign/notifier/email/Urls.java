package io.countersign.notifier.email;

import java.util.Optional;

/** Small helpers for the API senders' settings. */
final class Urls {

    private Urls() {
    }

    /** The URL without a trailing slash. */
    static String trim(String url) {
        String value = url.strip();
        return value.endsWith("/") ? value.substring(0, value.length() - 1) : value;
    }

    /** The setting's value, or a start-up error naming it. */
    static String required(Optional<String> value, String name) {
        return value.filter(v -> !v.isBlank()).orElseThrow(() -> new IllegalStateException(
                name + " is required with countersign.notifier.email.provider=" + name.split("\\.")[3]));
    }
}
