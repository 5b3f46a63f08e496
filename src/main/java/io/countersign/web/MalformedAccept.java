package io.countersign.web;

import org.jboss.resteasy.reactive.common.util.MediaTypeHelper;

import io.quarkus.vertx.http.runtime.RouteConstants;
import io.vertx.core.http.HttpHeaders;
import io.vertx.ext.web.Router;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

/**
 * An {@code Accept} header that does not parse as media types is disregarded (RFC 9110 §12.5.1 lets a server
 * ignore it), as if the client had sent none. Left in place, content negotiation would fail on it while writing
 * the answer, after the work was done, as a 500. It is removed from the HTTP request itself, before routing,
 * because negotiation reads the request's headers, not a JAX-RS filter's copy.
 */
@ApplicationScoped
public class MalformedAccept {

    void install(@Observes Router router) {
        router.route().order(RouteConstants.ROUTE_ORDER_UPLOAD_LIMIT - 2).handler(ctx -> {
            if (!ctx.request().headers().getAll(HttpHeaders.ACCEPT).stream().allMatch(MalformedAccept::parses)) {
                ctx.request().headers().remove(HttpHeaders.ACCEPT);
            }
            ctx.next();
        });
    }

    /** Parsed as content negotiation will parse it; an empty header fails there too. */
    static boolean parses(String header) {
        if (header.isBlank()) {
            return false;
        }
        try {
            MediaTypeHelper.parseHeader(header);
            return true;
        } catch (IllegalArgumentException e) {
            return false;
        }
    }
}
