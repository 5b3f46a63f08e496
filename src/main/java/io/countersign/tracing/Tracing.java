package io.countersign.tracing;

import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import org.jboss.logging.MDC;

import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.api.trace.propagation.W3CTraceContextPropagator;
import io.opentelemetry.context.Context;
import io.opentelemetry.context.propagation.TextMapGetter;
import io.opentelemetry.exporter.otlp.http.trace.OtlpHttpSpanExporter;
import io.opentelemetry.sdk.resources.Resource;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.SdkTracerProviderBuilder;
import io.opentelemetry.sdk.trace.SpanProcessor;
import io.opentelemetry.sdk.trace.export.BatchSpanProcessor;
import io.quarkus.runtime.ShutdownEvent;
import io.smallrye.common.vertx.ContextLocals;
import io.smallrye.common.vertx.VertxContext;
import io.vertx.core.Vertx;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.inject.Any;
import jakarta.enterprise.inject.Instance;
import jakarta.inject.Inject;

/**
 * The OpenTelemetry SDK, used directly (no Quarkus extension): W3C trace context, every span sampled, exported over
 * OTLP/HTTP only when {@link TracingConfig#otlpEndpoint()} is set. The span of the work in progress (a request, a
 * consumed record) is kept in the Vert.x duplicated context, which follows reactive code across threads, and its
 * ids go to the log MDC ({@code traceId}, {@code spanId}). Extra {@link SpanProcessor} beans are added too (tests
 * use one with an in-memory exporter).
 */
@ApplicationScoped
public class Tracing {

    public static final String TRACEPARENT = "traceparent";
    private static final String CURRENT = "countersign.tracing.span";
    private static final W3CTraceContextPropagator W3C = W3CTraceContextPropagator.getInstance();
    private static final TextMapGetter<Map<String, String>> MAP = new TextMapGetter<>() {
        @Override
        public Iterable<String> keys(Map<String, String> carrier) {
            return carrier.keySet();
        }

        @Override
        public String get(Map<String, String> carrier, String key) {
            return carrier == null ? null : carrier.get(key);
        }
    };

    private final SdkTracerProvider provider;
    private final Tracer tracer;

    @Inject
    public Tracing(TracingConfig config, @Any Instance<SpanProcessor> extraProcessors) {
        this(config, (Iterable<SpanProcessor>) extraProcessors);
    }

    Tracing(TracingConfig config, Iterable<SpanProcessor> extraProcessors) {
        SdkTracerProviderBuilder builder = SdkTracerProvider.builder()
                .setResource(Resource.getDefault().merge(Resource.create(
                        Attributes.of(io.opentelemetry.api.common.AttributeKey.stringKey("service.name"), config.serviceName()))));
        config.otlpEndpoint().ifPresent(endpoint -> builder.addSpanProcessor(BatchSpanProcessor.builder(
                OtlpHttpSpanExporter.builder().setEndpoint(endpoint).setTimeout(Duration.ofSeconds(10)).build()).build()));
        extraProcessors.forEach(builder::addSpanProcessor);
        this.provider = builder.build();
        this.tracer = provider.get("io.countersign");
    }

    /** Starts the span of a unit of work (its parent from a {@code traceparent}, if any) and makes it current. */
    public Span startCurrent(String name, SpanKind kind, String traceparent) {
        Span span = tracer.spanBuilder(name).setSpanKind(kind).setParent(parent(traceparent)).startSpan();
        makeCurrent(span);
        return span;
    }

    /** Starts a span whose parent is given as a {@code traceparent} (a new trace without one); not made current. */
    public Span start(String name, SpanKind kind, String traceparent) {
        return tracer.spanBuilder(name).setSpanKind(kind).setParent(parent(traceparent)).startSpan();
    }

    /** Starts a child of the current span (a new trace without one); not made current. */
    public Span startChild(String name, SpanKind kind) {
        Span current = current();
        Context parent = current == null ? Context.root() : Context.root().with(current);
        return tracer.spanBuilder(name).setSpanKind(kind).setParent(parent).startSpan();
    }

    /** The span of the work in progress, or null. */
    public Span current() {
        io.vertx.core.Context context = Vertx.currentContext();
        return context != null && VertxContext.isDuplicatedContext(context) ? ContextLocals.<Span>get(CURRENT).orElse(null) : null;
    }

    /** The W3C {@code traceparent} of the current span, or null. */
    public String currentTraceparent() {
        Span current = current();
        return current == null ? null : traceparent(current);
    }

    /** The W3C {@code traceparent} naming the span as parent. */
    public static String traceparent(Span span) {
        Map<String, String> carrier = new HashMap<>();
        W3C.inject(Context.root().with(span), carrier, Map::put);
        return carrier.get(TRACEPARENT);
    }

    /** Ends the span, marked as an error with the failure's type (never its message: it could hold data). */
    public static void end(Span span, Throwable failure) {
        if (failure != null) {
            span.setStatus(StatusCode.ERROR, failure.getClass().getSimpleName());
        }
        span.end();
    }

    private static Context parent(String traceparent) {
        return traceparent == null ? Context.root() : W3C.extract(Context.root(), Map.of(TRACEPARENT, traceparent), MAP);
    }

    private static void makeCurrent(Span span) {
        io.vertx.core.Context context = Vertx.currentContext();
        if (context != null && VertxContext.isDuplicatedContext(context)) {
            ContextLocals.put(CURRENT, span);
        }
        MDC.put("traceId", span.getSpanContext().getTraceId());
        MDC.put("spanId", span.getSpanContext().getSpanId());
    }

    void flush(@Observes ShutdownEvent event) {
        provider.shutdown().join(10, TimeUnit.SECONDS);
    }

    /** Exports what is batched now (tests). */
    void forceFlush() {
        provider.forceFlush().join(10, TimeUnit.SECONDS);
    }
}
