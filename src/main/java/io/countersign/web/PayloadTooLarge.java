package io.countersign.web;

import java.util.List;
import java.util.Optional;

import org.eclipse.microprofile.config.inject.ConfigProperty;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.countersign.error.ErrorCode;
import io.quarkus.runtime.configuration.MemorySize;
import io.quarkus.vertx.http.runtime.RouteConstants;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpHeaders;
import io.vertx.ext.web.Router;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.inject.Instance;

/**
 * A body announced larger than {@code quarkus.http.limits.max-body-size} is refused with 413 as problem+json
 * ({@code payload_too_large}), or in the error format of the surface that owns the path ({@link Envelope}: the
 * compat endpoints answer in their Feathers envelope). Quarkus' own check, one route later, would answer the same
 * status with an empty body, which no client can tell apart from a broken proxy.
 */
@ApplicationScoped
public class PayloadTooLarge {

    /** A surface's own 413 body for the paths it owns. */
    public interface Envelope {

        boolean covers(String path);

        String mediaType();

        byte[] body();
    }

    private final byte[] body;
    private final List<Envelope> envelopes;

    public PayloadTooLarge(ObjectMapper json, Instance<Envelope> envelopes) throws JsonProcessingException {
        this.body = json.writeValueAsBytes(Problem.of(413, ErrorCode.PAYLOAD_TOO_LARGE.code(), "Request Entity Too Large",
                "The request body is larger than the server accepts.", null));
        this.envelopes = envelopes.stream().toList();
    }

    void install(@Observes Router router,
            @ConfigProperty(name = "quarkus.http.limits.max-body-size") Optional<MemorySize> maxBodySize) {
        if (maxBodySize.isEmpty()) {
            return;
        }
        long limit = maxBodySize.get().asLongValue();
        router.route().order(RouteConstants.ROUTE_ORDER_UPLOAD_LIMIT - 1).handler(ctx -> {
            if (announced(ctx.request().getHeader(HttpHeaders.CONTENT_LENGTH)) > limit) {
                String path = ctx.normalizedPath();
                Envelope envelope = envelopes.stream().filter(e -> e.covers(path)).findFirst().orElse(null);
                ctx.response().setStatusCode(413)
                        .putHeader(HttpHeaders.CONTENT_TYPE, envelope == null ? Problem.MEDIA_TYPE : envelope.mediaType())
                        .putHeader(HttpHeaders.CONNECTION, "close")
                        .end(Buffer.buffer(envelope == null ? body : envelope.body()));
                return;
            }
            ctx.next();
        });
    }

    private static long announced(String contentLength) {
        try {
            return contentLength == null ? -1 : Long.parseLong(contentLength.trim());
        } catch (NumberFormatException e) {
            return -1; // not a number: the HTTP layer refuses it
        }
    }
}
