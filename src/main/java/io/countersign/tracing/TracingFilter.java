package io.countersign.tracing;

import org.jboss.resteasy.reactive.server.ServerRequestFilter;
import org.jboss.resteasy.reactive.server.ServerResponseFilter;

import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.StatusCode;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerResponseContext;

/**
 * The server span of every REST request: named {@code <METHOD> <path>} (never the query, which may carry a token),
 * continuing the caller's trace when it sends a {@code traceparent}, and current while the request is handled, so
 * that an outbox row written by it records its trace context.
 */
public class TracingFilter {

    private static final String SPAN = "countersign.tracing.request-span";

    private final Tracing tracing;

    public TracingFilter(Tracing tracing) {
        this.tracing = tracing;
    }

    @ServerRequestFilter(preMatching = true, priority = 1)
    public void start(ContainerRequestContext request) {
        String method = request.getMethod();
        String path = request.getUriInfo().getPath();
        Span span = tracing.startCurrent(method + " " + path, SpanKind.SERVER, request.getHeaderString(Tracing.TRACEPARENT));
        span.setAttribute("http.request.method", method);
        span.setAttribute("url.path", path);
        request.setProperty(SPAN, span);
    }

    @ServerResponseFilter
    public void end(ContainerRequestContext request, ContainerResponseContext response) {
        if (request.getProperty(SPAN) instanceof Span span) {
            span.setAttribute("http.response.status_code", response.getStatus());
            if (response.getStatus() >= 500) {
                span.setStatus(StatusCode.ERROR);
            }
            span.end();
        }
    }
}
