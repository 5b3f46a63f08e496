package io.countersign.testing;

import java.util.List;

import io.opentelemetry.sdk.testing.exporter.InMemorySpanExporter;
import io.opentelemetry.sdk.trace.SpanProcessor;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.sdk.trace.export.SimpleSpanProcessor;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;

/**
 * The spans the application finished, kept in memory (OpenTelemetry's in-memory exporter), for the tests of
 * {@code tracing/}: {@code tracing/Tracing} adds every {@link SpanProcessor} bean to its tracer provider.
 */
@Singleton
public class InMemorySpans {

    private final InMemorySpanExporter exporter = InMemorySpanExporter.create();

    @Produces
    @Singleton
    SpanProcessor processor() {
        return SimpleSpanProcessor.create(exporter);
    }

    public List<SpanData> finished() {
        return exporter.getFinishedSpanItems();
    }

    public void reset() {
        exporter.reset();
    }
}
