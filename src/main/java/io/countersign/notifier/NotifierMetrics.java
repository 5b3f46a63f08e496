package io.countersign.notifier;

import io.countersign.event.NotificationType;
import io.micrometer.core.instrument.MeterRegistry;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * Counters of the notifier, tagged by channel ({@code email}, {@code sms}, {@code none} when the event never
 * got as far as routing) and notification type: {@code countersign.notifications.sent}, {@code .failed} (every
 * failed attempt), {@code .retried}, {@code .dead.lettered}, {@code .duplicates}, {@code .expired} (not sent: the token had expired) and
 * {@code .fallback}.
 */
@ApplicationScoped
public class NotifierMetrics {

    static final String PREFIX = "countersign.notifications.";

    private final MeterRegistry registry;

    public NotifierMetrics(MeterRegistry registry) {
        this.registry = registry;
    }

    public void sent(NotificationType type, Channel channel) {
        count("sent", type, channel);
    }

    public void failed(NotificationType type, Channel channel) {
        count("failed", type, channel);
    }

    public void retried(NotificationType type, Channel channel) {
        count("retried", type, channel);
    }

    public void deadLettered(NotificationType type, Channel channel) {
        count("dead.lettered", type, channel);
    }

    public void expired(NotificationType type) {
        count("expired", type, null);
    }

    public void duplicate(NotificationType type) {
        count("duplicates", type, null);
    }

    /** An email not sent: the address bounced for good or complained ({@code countersign.notifications.suppressed}). */
    public void suppressed(NotificationType type, String reason) {
        registry.counter(PREFIX + "suppressed", "type", type.wireName(), "reason", reason, "instead", "none").increment();
    }

    public void fallback(NotificationType type, Channel wanted, Channel used, String reason) {
        registry.counter(PREFIX + "fallback", "type", type.wireName(), "wanted", wanted.tag(), "channel", used.tag(),
                "reason", reason).increment();
    }

    private void count(String name, NotificationType type, Channel channel) {
        registry.counter(PREFIX + name, "type", type == null ? "unknown" : type.wireName(),
                "channel", channel == null ? "none" : channel.tag()).increment();
    }
}
