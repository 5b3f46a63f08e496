package io.countersign.web;

import java.net.URI;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.stream.Collectors;

import io.countersign.config.CorsConfig;
import io.quarkus.vertx.http.runtime.RouteConstants;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

/**
 * CORS for browser frontends on the origins of {@code countersign.cors.origins}, before routing. A preflight from a
 * listed origin, for a method and headers the API takes ({@code Authorization}, {@code Content-Type}, ...), is
 * answered 204 with the allowance; any other preflight 403 without one, so the browser never sends the request.
 * Other requests from a listed origin get {@code Access-Control-Allow-Origin}; from any other origin nothing, so the
 * browser withholds the answer from the page. No credentials (cookies) are allowed: the API uses bearer tokens. API
 * keys ({@code X-Api-Key}) are for machines and are not allowed from browsers. Without origins, nothing happens.
 */
@ApplicationScoped
public class Cors {

    static final String METHODS = "GET, POST, PUT, PATCH, DELETE";
    static final String HEADERS = "Authorization, Content-Type, Accept, Accept-Language";
    private static final Set<String> METHOD_SET = split(METHODS);
    private static final Set<String> HEADER_SET = split(HEADERS.toLowerCase(Locale.ROOT));

    private final Set<String> origins;
    private final String maxAge;

    public Cors(CorsConfig config) {
        this.origins = config.origins().orElse(List.of()).stream().map(Cors::origin).collect(Collectors.toUnmodifiableSet());
        this.maxAge = Long.toString(config.maxAge().toSeconds());
    }

    void install(@Observes Router router) {
        if (!origins.isEmpty()) {
            router.route().order(RouteConstants.ROUTE_ORDER_UPLOAD_LIMIT - 3).handler(this::handle);
        }
    }

    private void handle(RoutingContext ctx) {
        HttpServerRequest request = ctx.request();
        HttpServerResponse response = ctx.response();
        response.headers().add("Vary", "Origin");
        String origin = request.getHeader("Origin");
        if (origin == null) {
            ctx.next();
            return;
        }
        boolean allowed = origins.contains(origin.toLowerCase(Locale.ROOT));
        String method = request.getHeader("Access-Control-Request-Method");
        if (request.method() == HttpMethod.OPTIONS && method != null) {
            String asked = request.getHeader("Access-Control-Request-Headers");
            if (!allowed || !METHOD_SET.contains(method) || !(asked == null || HEADER_SET.containsAll(split(asked.toLowerCase(Locale.ROOT))))) {
                response.setStatusCode(403).end();
                return;
            }
            response.putHeader("Access-Control-Allow-Origin", origin).putHeader("Access-Control-Allow-Methods", METHODS)
                    .putHeader("Access-Control-Allow-Headers", HEADERS).putHeader("Access-Control-Max-Age", maxAge)
                    .setStatusCode(204).end();
            return;
        }
        if (allowed) {
            response.putHeader("Access-Control-Allow-Origin", origin).putHeader("Access-Control-Expose-Headers", "Location, Retry-After");
        }
        ctx.next();
    }

    /** A configured origin, checked and in the form browsers send: lower-case scheme and host, no trailing slash. */
    static String origin(String configured) {
        String value = configured.strip().toLowerCase(Locale.ROOT);
        value = value.endsWith("/") ? value.substring(0, value.length() - 1) : value;
        URI uri;
        try {
            uri = URI.create(value);
        } catch (IllegalArgumentException e) {
            throw new IllegalStateException("countersign.cors.origins: not an origin: " + configured);
        }
        if (!("http".equals(uri.getScheme()) || "https".equals(uri.getScheme())) || uri.getHost() == null
                || !(uri.getRawPath() == null || uri.getRawPath().isEmpty()) || uri.getRawQuery() != null || uri.getUserInfo() != null) {
            throw new IllegalStateException("countersign.cors.origins: not an origin (scheme://host[:port]): " + configured);
        }
        return value;
    }

    private static Set<String> split(String list) {
        return Arrays.stream(list.split(",")).map(String::strip).filter(s -> !s.isEmpty()).collect(Collectors.toSet());
    }
}
