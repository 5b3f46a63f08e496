package io.countersign.tracing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import com.sun.net.httpserver.HttpServer;

import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanKind;

/**
 * OTLP export against a local stand-in of a collector's OTLP/HTTP receiver, which checks each request: nothing is
 * sent without an endpoint (the default); with one, finished spans are POSTed as protobuf to it.
 */
class OtlpExportTest {

    record Received(String method, String path, String contentType, byte[] body) {
    }

    private final List<Received> received = new CopyOnWriteArrayList<>();
    private HttpServer collector;

    @BeforeEach
    void start() throws IOException {
        collector = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        collector.createContext("/", exchange -> {
            try (exchange) {
                received.add(new Received(exchange.getRequestMethod(), exchange.getRequestURI().getPath(),
                        exchange.getRequestHeaders().getFirst("Content-Type"), exchange.getRequestBody().readAllBytes()));
                exchange.sendResponseHeaders(200, -1);
            }
        });
        collector.start();
    }

    @AfterEach
    void stop() {
        collector.stop(0);
    }

    @Test
    void exportsFinishedSpansOverOtlpHttpWhenAnEndpointIsSet() {
        Tracing tracing = new Tracing(config(Optional.of("http://127.0.0.1:" + collector.getAddress().getPort() + "/v1/traces")), List.of());
        Span span = tracing.start("POST /users", SpanKind.SERVER, null);
        String traceId = span.getSpanContext().getTraceId();
        span.end();
        tracing.forceFlush();
        assertEquals(1, received.size(), "one export request");
        Received request = received.get(0);
        assertEquals("POST", request.method());
        assertEquals("/v1/traces", request.path());
        assertEquals("application/x-protobuf", request.contentType());
        String body = new String(request.body(), StandardCharsets.ISO_8859_1);
        assertTrue(body.contains("POST /users") && body.contains("service.name") && body.contains("countersign-test"),
                "the span, its service name");
        assertTrue(contains(request.body(), hex(traceId)), "the trace id (16 raw bytes)");
    }

    @Test
    void exportsNothingWithoutAnEndpoint() throws InterruptedException {
        Tracing tracing = new Tracing(config(Optional.empty()), List.of());
        Span span = tracing.start("POST /users", SpanKind.SERVER, null);
        span.end();
        tracing.forceFlush();
        Thread.sleep(200);
        assertEquals(List.of(), received);
        assertTrue(Tracing.traceparent(span).startsWith("00-" + span.getSpanContext().getTraceId() + "-"), "ids are made all the same");
    }

    private static TracingConfig config(Optional<String> endpoint) {
        return new TracingConfig() {
            @Override
            public Optional<String> otlpEndpoint() {
                return endpoint;
            }

            @Override
            public String serviceName() {
                return "countersign-test";
            }
        };
    }

    private static byte[] hex(String hex) {
        byte[] bytes = new byte[hex.length() / 2];
        for (int i = 0; i < bytes.length; i++) {
            bytes[i] = (byte) Integer.parseInt(hex.substring(2 * i, 2 * i + 2), 16);
        }
        return bytes;
    }

    private static boolean contains(byte[] haystack, byte[] needle) {
        outer:
        for (int i = 0; i + needle.length <= haystack.length; i++) {
            for (int j = 0; j < needle.length; j++) {
                if (haystack[i + j] != needle[j]) {
                    continue outer;
                }
            }
            return true;
        }
        return false;
    }
}
