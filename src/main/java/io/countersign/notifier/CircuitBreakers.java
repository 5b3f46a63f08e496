package io.countersign.notifier;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import io.countersign.notifier.email.EmailSender;
import io.countersign.notifier.sms.SmsGateway;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.runtime.Startup;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * One {@link CircuitBreaker} per dependency, each exposed as {@code countersign_notifier_circuit_open{dependency}}
 * (1 while open). The transports and the database are registered at start, so the gauges exist before any failure.
 */
@Startup
@ApplicationScoped
public class CircuitBreakers {

    public static final String DATABASE = "database";
    public static final String GAUGE = "countersign.notifier.circuit.open";

    private final Map<String, CircuitBreaker> breakers = new ConcurrentHashMap<>();
    private final MeterRegistry registry;
    private final NotifierConfig config;

    public CircuitBreakers(MeterRegistry registry, NotifierConfig config, EmailSender email, SmsGateway sms) {
        this.registry = registry;
        this.config = config;
        of(DATABASE);
        of(email.transport());
        of(sms.transport());
    }

    public CircuitBreaker of(String dependency) {
        return breakers.computeIfAbsent(dependency, name -> {
            CircuitBreaker breaker = new CircuitBreaker(name, config.circuit().failureThreshold(),
                    config.retry().initialBackoff(), config.retry().maxBackoff());
            Gauge.builder(GAUGE, breaker, b -> b.isOpen() ? 1 : 0).tag("dependency", name)
                    .description("1 while the notifier's circuit for this dependency is open").register(registry);
            return breaker;
        });
    }
}
