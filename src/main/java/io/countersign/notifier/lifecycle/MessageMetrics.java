package io.countersign.notifier.lifecycle;

import io.countersign.event.NotificationType;
import io.countersign.notifier.Channel;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.runtime.Startup;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * {@code countersign_messages_total{state,type,channel}}: every state a notification enters, per type and channel
 * ({@code none} before it was routed). Every combination of state, type and channel is registered at start, so
 * dashboards and alerts find the series (at 0) before the first message.
 */
@Startup
@ApplicationScoped
public class MessageMetrics {

    public static final String NAME = "countersign.messages";

    private final MeterRegistry registry;

    public MessageMetrics(MeterRegistry registry) {
        this.registry = registry;
        for (MessageState state : MessageState.values()) {
            for (NotificationType type : NotificationType.values()) {
                for (Channel channel : Channel.values()) {
                    counter(state, type, channel.tag());
                }
            }
        }
    }

    public void entered(MessageState state, NotificationType type, Channel channel) {
        counter(state, type, channel == null ? "none" : channel.tag()).increment();
    }

    private Counter counter(MessageState state, NotificationType type, String channel) {
        return registry.counter(NAME, "state", state.wireName(), "type", type == null ? "unknown" : type.wireName(),
                "channel", channel);
    }
}
