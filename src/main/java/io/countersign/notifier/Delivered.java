package io.countersign.notifier;

/**
 * A notification the transport accepted.
 *
 * @param transport         the transport's name, e.g. {@code smtp}
 * @param providerMessageId the id the provider answered with, or null when it gives none
 * @param outcome           for the log and {@code processed_events}, e.g. {@code sent:email}
 */
public record Delivered(String transport, String providerMessageId, String outcome) {
}
