package io.countersign.tracing;

import java.util.Optional;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** Tracing: one trace from the HTTP request through the outbox and Kafka to the send (docs/tracing.md). */
@ConfigMapping(prefix = "countersign.tracing")
public interface TracingConfig {

    /**
     * OTLP/HTTP endpoint the spans are exported to, e.g. {@code http://otel-collector:4318/v1/traces}
     * ({@code OTEL_EXPORTER_OTLP_TRACES_ENDPOINT}). Empty (the default): nothing is exported; trace ids are still
     * made, propagated and written to the log.
     */
    Optional<String> otlpEndpoint();

    /** The {@code service.name} of the exported spans. */
    @WithDefault("countersign")
    String serviceName();
}
