package io.countersign.audit;

import io.quarkus.vertx.http.runtime.CurrentVertxRequest;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.net.SocketAddress;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * Who is calling, as far as the network tells: the client IP and user agent of the current request. The IP is
 * the connection's remote address, or the {@code X-Forwarded-For}/{@code Forwarded} address when
 * {@code quarkus.http.proxy.*} trusts a proxy (COUNTERSIGN_TRUST_PROXY): Quarkus then resolves it into
 * {@link HttpServerRequest#remoteAddress()}.
 */
@ApplicationScoped
public class ClientInfo {

    private static final int MAX_USER_AGENT = 300;

    private final CurrentVertxRequest current;

    public ClientInfo(CurrentVertxRequest current) {
        this.current = current;
    }

    /** The client IP, or null outside an HTTP request. */
    public String ip() {
        HttpServerRequest request = request();
        SocketAddress address = request == null ? null : request.remoteAddress();
        return address == null ? null : address.hostAddress();
    }

    /** The User-Agent header, shortened, or null. */
    public String userAgent() {
        HttpServerRequest request = request();
        String agent = request == null ? null : request.getHeader("User-Agent");
        return agent == null || agent.length() <= MAX_USER_AGENT ? agent : agent.substring(0, MAX_USER_AGENT);
    }

    private HttpServerRequest request() {
        try {
            return current.getCurrent() == null ? null : current.getCurrent().request();
        } catch (jakarta.enterprise.context.ContextNotActiveException e) {
            return null;
        }
    }
}
