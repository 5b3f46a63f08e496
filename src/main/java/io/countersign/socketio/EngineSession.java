package io.countersign.socketio;

import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.Deque;

import org.jboss.logging.Logger;

import io.vertx.core.Vertx;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.ServerWebSocket;
import io.vertx.ext.web.RoutingContext;

/**
 * One Engine.IO 4 connection: long-polling until the client upgrades to a websocket (or a websocket from the start),
 * the heartbeat (the server pings, the client must pong within {@code pingTimeout}), the packets queued for the
 * client, and the per-connection limits. Requests of one connection may arrive on different event loops, so the
 * state is guarded by the session's monitor. Packet contents are never logged: they carry passwords and tokens.
 */
final class EngineSession {

    static final String SEPARATOR = "\u001e";

    /** Why a connection was closed; the websocket close code tells the client. */
    enum Reason {
        CLIENT(1000), PING_TIMEOUT(1000), BAD_PACKET(1002), UNSUPPORTED(1003), FLOOD(1008), TOO_BIG(1009), SERVER(1001);

        final short code;

        Reason(int code) {
            this.code = (short) code;
        }
    }

    private static final Logger LOG = Logger.getLogger(EngineSession.class);

    final String sid;
    final String clientIp;
    /** The request that opened the connection: the client IP and User-Agent of every call on it. */
    final RoutingContext origin;

    private final Vertx vertx;
    private final SocketIoConfig config;
    private final FloodGate gate;
    private final Runnable onClosed;
    private final Deque<String> queue = new ArrayDeque<>();
    private SocketIoSocket socket;
    private ServerWebSocket websocket;
    private ServerWebSocket probe;
    private RoutingContext poll;
    private boolean upgrading;
    private boolean closed;
    private long heartbeatTimer = -1;

    EngineSession(String sid, String clientIp, RoutingContext origin, Vertx vertx, SocketIoConfig config, Runnable onClosed) {
        this.sid = sid;
        this.clientIp = clientIp;
        this.origin = origin;
        this.vertx = vertx;
        this.config = config;
        this.gate = new FloodGate(config.packetsPerSecond(), config.packetBurst());
        this.onClosed = onClosed;
    }

    synchronized void attach(SocketIoSocket socket, ServerWebSocket websocket) {
        this.socket = socket;
        this.websocket = websocket;
        schedulePing();
    }

    // ---------------------------------------------------------------- polling

    synchronized void poll(RoutingContext rc) {
        if (closed || websocket != null) {
            EngineServer.refuse(rc, 400, 3, "Bad request");
        } else if (poll != null) {
            EngineServer.refuse(rc, 400, 3, "Bad request");
            close(Reason.BAD_PACKET); // two polls at once: engine.io's "overlap from client"
        } else if (upgrading) {
            answer(rc, "6");
        } else if (!queue.isEmpty()) {
            answer(rc, drain());
        } else {
            poll = rc;
            rc.response().closeHandler(v -> dropPoll(rc));
        }
    }

    private synchronized void dropPoll(RoutingContext rc) {
        if (poll == rc) {
            poll = null;
        }
    }

    /** A polling request body: packets separated by U+001E. */
    void receivePayload(String payload) {
        for (String packet : payload.split(SEPARATOR, -1)) {
            if (!receive(packet)) {
                return;
            }
        }
    }

    // ---------------------------------------------------------------- websocket

    /** A websocket opened with this session's sid: the client probes it, then switches to it. */
    synchronized void probe(ServerWebSocket ws) {
        if (closed || websocket != null || probe != null) {
            ws.close(Reason.BAD_PACKET.code, "Bad request");
            return;
        }
        probe = ws;
        ws.textMessageHandler(text -> probeMessage(ws, text));
        ws.binaryMessageHandler(b -> ws.close(Reason.UNSUPPORTED.code, "Binary packets are not supported"));
        ws.closeHandler(v -> probeClosed(ws));
        ws.exceptionHandler(e -> ws.close());
    }

    private synchronized void probeMessage(ServerWebSocket ws, String text) {
        if (ws != probe || closed) {
            ws.close();
        } else if ("2probe".equals(text)) {
            ws.writeTextMessage("3probe");
            upgrading = true;
            if (poll != null) {
                answer(poll, "6");
                poll = null;
            }
        } else if ("5".equals(text) && upgrading) {
            probe = null;
            upgrading = false;
            websocket = ws;
            listen(ws);
            while (!queue.isEmpty()) {
                ws.writeTextMessage(queue.poll());
            }
        } else {
            probe = null;
            upgrading = false;
            ws.close(Reason.BAD_PACKET.code, "Bad upgrade");
        }
    }

    private synchronized void probeClosed(ServerWebSocket ws) {
        if (ws == probe) {
            probe = null;
            upgrading = false;
        }
    }

    /** Reads the packets of the connection's websocket, one per message. */
    void listen(ServerWebSocket ws) {
        ws.textMessageHandler(text -> {
            if (text.length() > config.maxPayload() || text.getBytes(StandardCharsets.UTF_8).length > config.maxPayload()) {
                close(Reason.TOO_BIG);
            } else {
                receive(text);
            }
        });
        ws.binaryMessageHandler(b -> close(Reason.UNSUPPORTED));
        ws.closeHandler(v -> close(Reason.CLIENT));
        ws.exceptionHandler(e -> close(Reason.BAD_PACKET));
    }

    // ---------------------------------------------------------------- packets

    /** One Engine.IO packet from the client; false when it closed the connection. */
    boolean receive(String packet) {
        synchronized (this) {
            if (closed) {
                return false;
            }
            if (!gate.admit()) {
                LOG.debugf("socket.io connection closed: more than %d packets per second", config.packetsPerSecond());
                close(Reason.FLOOD);
                return false;
            }
        }
        char type = packet.isEmpty() ? '?' : packet.charAt(0);
        switch (type) {
            case '1' -> close(Reason.CLIENT);
            case '3' -> pong();
            case '4' -> socket.message(packet.substring(1));
            case '6' -> {
                // noop
            }
            default -> close(type == 'b' ? Reason.UNSUPPORTED : Reason.BAD_PACKET);
        }
        return !isClosed();
    }

    /** Queues or sends one Engine.IO packet to the client. */
    synchronized void send(String packet) {
        if (closed) {
            return;
        }
        if (websocket != null) {
            if (websocket.writeQueueFull()) {
                close(Reason.FLOOD); // the client does not read what it asks for
                return;
            }
            websocket.writeTextMessage(packet);
        } else if (poll != null && !upgrading) {
            answer(poll, packet);
            poll = null;
        } else if (queue.size() >= config.maxQueuedPackets()) {
            close(Reason.FLOOD);
        } else {
            queue.add(packet);
        }
    }

    /** Whether the connection moved to its websocket (then polling requests are refused). */
    synchronized boolean upgraded() {
        return websocket != null;
    }

    synchronized boolean isClosed() {
        return closed;
    }

    synchronized void close(Reason reason) {
        if (closed) {
            return;
        }
        closed = true;
        vertx.cancelTimer(heartbeatTimer);
        LOG.debugf("socket.io connection closed (%s)", reason);
        if (poll != null) {
            answer(poll, "1");
            poll = null;
        }
        if (websocket != null && !websocket.isClosed()) {
            websocket.close(reason.code, reason.name().toLowerCase());
        }
        if (probe != null && !probe.isClosed()) {
            probe.close(reason.code);
        }
        onClosed.run();
    }

    // ---------------------------------------------------------------- heartbeat

    private void schedulePing() {
        heartbeatTimer = vertx.setTimer(config.pingInterval().toMillis(), id -> ping());
    }

    private synchronized void ping() {
        if (closed) {
            return;
        }
        send("2");
        heartbeatTimer = vertx.setTimer(config.pingTimeout().toMillis(), id -> close(Reason.PING_TIMEOUT));
    }

    private synchronized void pong() {
        vertx.cancelTimer(heartbeatTimer);
        schedulePing();
    }

    private String drain() {
        String joined = String.join(SEPARATOR, queue);
        queue.clear();
        return joined;
    }

    private static void answer(RoutingContext rc, String payload) {
        if (!rc.response().ended() && !rc.response().closed()) {
            rc.response().putHeader(HttpHeaders.CONTENT_TYPE, "text/plain; charset=UTF-8").end(payload);
        }
    }
}
