package io.countersign.socketio;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

import org.jboss.logging.Logger;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.vertx.core.Vertx;

/**
 * The Socket.IO 5 layer of one connection, on the default namespace only: CONNECT answers {@code 0{"sid":…}}, each
 * EVENT goes to the {@link SocketIoHandler} through {@link CallContext}, and its answer returns as the ACK
 * {@code 3<id>[…]}. Another namespace is refused with CONNECT_ERROR; a packet that does not parse, a binary packet,
 * or more calls waiting at once than allowed close the connection.
 */
final class SocketIoSocket {

    private static final Logger LOG = Logger.getLogger(SocketIoSocket.class);

    private final EngineSession session;
    private final SocketIoConnection connection;
    private final SocketIoHandler handler;
    private final CallContext calls;
    private final ObjectMapper json;
    private final SocketIoConfig config;
    private final AtomicInteger inFlight = new AtomicInteger();
    private volatile boolean connected;

    SocketIoSocket(EngineSession session, SocketIoConnection connection, SocketIoHandler handler, CallContext calls,
            ObjectMapper json, SocketIoConfig config, Vertx vertx) {
        this.session = session;
        this.connection = connection;
        this.handler = handler;
        this.calls = calls;
        this.json = json;
        this.config = config;
        vertx.setTimer(config.connectTimeout().toMillis(), id -> {
            if (!connected) {
                session.close(EngineSession.Reason.CLIENT);
            }
        });
    }

    /** The data of an Engine.IO message packet. */
    void message(String text) {
        SocketPacket packet;
        try {
            packet = SocketPacket.decode(text, json);
        } catch (SocketPacket.Malformed e) {
            LOG.debugf("socket.io connection closed: %s", e.getMessage());
            session.close(EngineSession.Reason.BAD_PACKET);
            return;
        }
        if (!"/".equals(packet.namespace())) {
            if (packet.type() == SocketPacket.CONNECT) {
                send("4" + packet.namespace() + "," + write(Map.of("message", "Invalid namespace")));
            }
            return;
        }
        switch (packet.type()) {
            case SocketPacket.CONNECT -> {
                connected = true;
                send("0" + write(Map.of("sid", connection.id())));
            }
            case SocketPacket.DISCONNECT -> connected = false;
            case SocketPacket.EVENT -> {
                if (connected) {
                    call(packet);
                }
            }
            default -> {
                // an ACK: the server never asks for one
            }
        }
    }

    private void call(SocketPacket packet) {
        if (inFlight.incrementAndGet() > config.maxCallsInFlight()) {
            LOG.debugf("socket.io connection closed: more than %d calls in flight", config.maxCallsInFlight());
            session.close(EngineSession.Reason.FLOOD);
            return;
        }
        String name = packet.data().get(0).textValue();
        List<JsonNode> args = new ArrayList<>();
        packet.data().forEach(args::add);
        args.remove(0);
        calls.run(session.origin, () -> handler.event(connection, name, args)).subscribe().with(ack -> {
            inFlight.decrementAndGet();
            if (ack != null && packet.ackId() >= 0) {
                send("3" + packet.ackId() + write(ack));
            }
        }, failure -> {
            inFlight.decrementAndGet();
            LOG.error("socket.io event failed without an answer", failure);
            session.close(EngineSession.Reason.SERVER);
        });
    }

    private void send(String socketPacket) {
        session.send("4" + socketPacket);
    }

    private String write(Object value) {
        try {
            return json.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write a socket.io packet", e);
        }
    }
}
