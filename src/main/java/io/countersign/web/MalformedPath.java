package io.countersign.web;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.countersign.error.ErrorCode;
import io.quarkus.vertx.http.runtime.RouteConstants;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpHeaders;
import io.vertx.ext.web.Router;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

/**
 * A path no resource of ours can have is answered 404 ({@code not_found}, problem+json) before routing: matrix
 * parameters ({@code ;}), an encoded percent sign ({@code %25}) or a broken escape. Quarkus REST decodes a path with
 * matrix parameters a second time, after Vert.x already decoded {@code %25} to {@code %}, and failed with a 500
 * (found by FuzzTest: {@code POST /users;/c%25/b;}).
 */
@ApplicationScoped
public class MalformedPath {

    private final Buffer body;

    public MalformedPath(ObjectMapper json) throws JsonProcessingException {
        this.body = Buffer.buffer(json.writeValueAsBytes(Problem.of(404, ErrorCode.NOT_FOUND.code(), "Not Found",
                "No resource has this path.", null)));
    }

    void install(@Observes Router router) {
        router.route().order(RouteConstants.ROUTE_ORDER_UPLOAD_LIMIT - 2).handler(ctx -> {
            if (malformed(ctx.request().path())) {
                ctx.response().setStatusCode(404).putHeader(HttpHeaders.CONTENT_TYPE, Problem.MEDIA_TYPE)
                        .putHeader(HttpHeaders.CACHE_CONTROL, "no-store").end(body);
                return;
            }
            ctx.next();
        });
    }

    /** True for a raw path with {@code ;}, {@code %25}, or a {@code %} not followed by two hex digits. */
    static boolean malformed(String path) {
        if (path == null) {
            return false;
        }
        for (int i = 0; i < path.length(); i++) {
            char c = path.charAt(i);
            if (c == ';') {
                return true;
            }
            if (c == '%') {
                if (i + 2 >= path.length() || Character.digit(path.charAt(i + 1), 16) < 0
                        || Character.digit(path.charAt(i + 2), 16) < 0) {
                    return true;
                }
                if (path.charAt(i + 1) == '2' && path.charAt(i + 2) == '5') {
                    return true;
                }
            }
        }
        return false;
    }
}
