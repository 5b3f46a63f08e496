package io.countersign.socketio;

import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.quarkus.vertx.http.runtime.RouteConstants;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.ServerWebSocket;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.inject.Instance;

/**
 * {@code /socket.io/} on the application's HTTP server: the Engine.IO 4 handshake and long-polling
 * ({@code GET}/{@code POST ?EIO=4&transport=polling}) and the websocket transport ({@code transport=websocket}, new or
 * upgrading a polling session). Requests it cannot serve get engine.io's own error answers:
 * {@code 400 {"code":1,"message":"Session ID unknown"}} and the like.
 */
@ApplicationScoped
public class EngineServer {

    static final String PATH = "/socket.io/";

    private static final SecureRandom RANDOM = new SecureRandom();

    private final Vertx vertx;
    private final SocketIoConfig config;
    private final ObjectMapper json;
    private final CallContext calls;
    private final Instance<SocketIoHandler> handler;
    private final Map<String, EngineSession> sessions = new ConcurrentHashMap<>();
    private final Map<String, AtomicInteger> perIp = new ConcurrentHashMap<>();

    public EngineServer(Vertx vertx, SocketIoConfig config, ObjectMapper json, CallContext calls, Instance<SocketIoHandler> handler) {
        this.vertx = vertx;
        this.config = config;
        this.json = json;
        this.calls = calls;
        this.handler = handler;
    }

    void install(@Observes Router router) {
        if (config.enabled() && handler.isResolvable()) {
            // before the HTTP layer's own body size check, so that an oversized polling body also ends its connection
            router.route(PATH).order(RouteConstants.ROUTE_ORDER_UPLOAD_LIMIT - 2).handler(this::checkSize);
            router.route(PATH).handler(this::handle);
        }
    }

    /** Open connections, for tests and metrics. */
    int open() {
        return sessions.size();
    }

    private void checkSize(RoutingContext rc) {
        String length = rc.request().getHeader(HttpHeaders.CONTENT_LENGTH);
        if (length != null && length.length() < 19 && length.chars().allMatch(Character::isDigit)
                && Long.parseLong(length) > config.maxPayload()) {
            String sid = rc.request().getParam("sid");
            EngineSession session = sid == null ? null : sessions.get(sid);
            if (session != null) {
                session.close(EngineSession.Reason.TOO_BIG);
            }
            rc.response().putHeader(HttpHeaders.CONNECTION, "close");
            refuse(rc, 413, 3, "Payload too large");
            return;
        }
        rc.next();
    }

    private void handle(RoutingContext rc) {
        HttpServerRequest request = rc.request();
        String transport = request.getParam("transport");
        String sid = request.getParam("sid");
        if (!"4".equals(request.getParam("EIO"))) {
            refuse(rc, 400, 5, "Unsupported protocol version");
        } else if (!"polling".equals(transport) && !"websocket".equals(transport)) {
            refuse(rc, 400, 0, "Transport unknown");
        } else if (sid == null) {
            handshake(rc, transport);
        } else {
            EngineSession session = sessions.get(sid);
            if (session == null || session.isClosed()) {
                refuse(rc, 400, 1, "Session ID unknown");
            } else if ("websocket".equals(transport)) {
                upgrade(rc, ws -> session.probe(ws));
            } else if (request.method() == HttpMethod.GET) {
                session.poll(rc);
            } else if (request.method() == HttpMethod.POST && !session.upgraded()) {
                post(rc, session);
            } else {
                refuse(rc, 400, 3, "Bad request");
            }
        }
    }

    private void handshake(RoutingContext rc, String transport) {
        boolean websocket = "websocket".equals(transport);
        if (rc.request().method() != HttpMethod.GET) {
            refuse(rc, 400, 2, "Bad handshake method");
            return;
        }
        if (websocket && !"websocket".equalsIgnoreCase(rc.request().getHeader(HttpHeaders.UPGRADE))) {
            refuse(rc, 400, 3, "Bad request");
            return;
        }
        String ip = rc.request().remoteAddress() == null ? "unknown" : rc.request().remoteAddress().hostAddress();
        AtomicInteger count = perIp.computeIfAbsent(ip, k -> new AtomicInteger());
        if (count.incrementAndGet() > config.maxConnectionsPerIp()) {
            release(ip);
            refuse(rc, 429, 4, "Too many connections");
            return;
        }
        String sid = randomId();
        EngineSession session = new EngineSession(sid, ip, rc, vertx, config, () -> {
            sessions.remove(sid);
            release(ip);
        });
        SocketIoConnection connection = new SocketIoConnection(randomId());
        SocketIoSocket socket = new SocketIoSocket(session, connection, handler.get(), calls, json, config, vertx);
        sessions.put(sid, session);
        String open = "0" + write(Map.of("sid", sid, "upgrades", websocket ? List.of() : List.of("websocket"),
                "pingInterval", config.pingInterval().toMillis(), "pingTimeout", config.pingTimeout().toMillis(),
                "maxPayload", config.maxPayload()));
        if (websocket) {
            upgrade(rc, ws -> {
                session.attach(socket, ws);
                session.listen(ws);
                ws.writeTextMessage(open);
            }, () -> session.close(EngineSession.Reason.CLIENT));
        } else {
            session.attach(socket, null);
            rc.response().putHeader(HttpHeaders.CONTENT_TYPE, "text/plain; charset=UTF-8").end(open);
        }
    }

    private void upgrade(RoutingContext rc, Consumer<ServerWebSocket> then) {
        upgrade(rc, then, () -> {
        });
    }

    private void upgrade(RoutingContext rc, Consumer<ServerWebSocket> then, Runnable failed) {
        if (!"websocket".equalsIgnoreCase(rc.request().getHeader(HttpHeaders.UPGRADE))) {
            refuse(rc, 400, 3, "Bad request");
            failed.run();
            return;
        }
        rc.request().toWebSocket().onSuccess(then::accept).onFailure(e -> failed.run());
    }

    /** A polling request body, read up to {@code maxPayload}; a larger one closes the connection with 413. */
    private void post(RoutingContext rc, EngineSession session) {
        HttpServerRequest request = rc.request();
        if (request.isEnded()) { // read by an earlier handler: the HTTP layer already bounded its size
            Buffer read = rc.body() == null ? null : rc.body().buffer();
            rc.response().putHeader(HttpHeaders.CONTENT_TYPE, "text/html").end("ok");
            session.receivePayload(read == null ? "" : read.toString(StandardCharsets.UTF_8));
            return;
        }
        Buffer body = Buffer.buffer();
        boolean[] refused = { false };
        request.handler(chunk -> {
            if (refused[0]) {
                return;
            }
            if (body.length() + chunk.length() > config.maxPayload()) {
                refused[0] = true;
                refuse(rc, 413, 3, "Payload too large");
                session.close(EngineSession.Reason.TOO_BIG);
                return;
            }
            body.appendBuffer(chunk);
        });
        request.endHandler(v -> {
            if (!refused[0]) {
                // answer first: a call's acknowledgement may need the client's next poll
                rc.response().putHeader(HttpHeaders.CONTENT_TYPE, "text/html").end("ok");
                session.receivePayload(body.toString(StandardCharsets.UTF_8));
            }
        });
        request.exceptionHandler(e -> session.close(EngineSession.Reason.BAD_PACKET));
        request.resume();
    }

    private void release(String ip) {
        perIp.computeIfPresent(ip, (k, n) -> n.decrementAndGet() <= 0 ? null : n);
    }

    static void refuse(RoutingContext rc, int status, int code, String message) {
        if (!rc.response().ended()) {
            rc.response().setStatusCode(status).putHeader(HttpHeaders.CONTENT_TYPE, "application/json")
                    .end("{\"code\":" + code + ",\"message\":\"" + message + "\"}");
        }
    }

    private String write(Object value) {
        try {
            return json.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String randomId() {
        byte[] bytes = new byte[15];
        RANDOM.nextBytes(bytes);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }
}
