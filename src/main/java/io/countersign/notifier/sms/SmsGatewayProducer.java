package io.countersign.notifier.sms;

import com.fasterxml.jackson.databind.ObjectMapper;

import io.countersign.notifier.NotifierConfig;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;

/** Chooses the {@link SmsGateway} named by {@code countersign.notifier.sms.gateway}. */
public class SmsGatewayProducer {

    @Produces
    @ApplicationScoped
    SmsGateway gateway(NotifierConfig config, ObjectMapper json) {
        return switch (config.sms().gateway().trim().toLowerCase(java.util.Locale.ROOT)) {
            case "log" -> new LogSmsGateway();
            case "http" -> new HttpSmsGateway(config.sms().http(), json);
            default -> throw new IllegalStateException("countersign.notifier.sms.gateway must be log or http");
        };
    }
}
