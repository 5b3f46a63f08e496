package io.countersign.flow;

import java.time.Duration;

import io.countersign.config.CountersignConfig;
import io.countersign.user.User;

/** The lifetime of a challenge by the channel it travels on: SMS is capped at {@code countersign.tokens.sms-lifetime}. */
final class Lifetimes {

    private Lifetimes() {
    }

    static Duration of(Duration flowLifetime, String channel, CountersignConfig config) {
        Duration sms = config.tokens().smsLifetime();
        return User.CHANNEL_SMS.equals(channel) && sms.compareTo(flowLifetime) < 0 ? sms : flowLifetime;
    }
}
