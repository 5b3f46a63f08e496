package io.countersign.socketio;

import java.time.Duration;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/**
 * The socket.io transport at {@code /socket.io/} (Engine.IO 4, Socket.IO 5; docs/socketio.md): heartbeat and the
 * limits each connection gets. A connection that breaks a limit is closed; its calls never reach the services.
 */
@ConfigMapping(prefix = "countersign.socketio")
public interface SocketIoConfig {

    /** Serve {@code /socket.io/}; when false the path answers 404 as any unknown path does. */
    @WithDefault("true")
    boolean enabled();

    /** Engine.IO heartbeat: the server pings each connection this often. */
    @WithDefault("25s")
    Duration pingInterval();

    /** How long the server waits for the client's pong before it closes the connection. */
    @WithDefault("20s")
    Duration pingTimeout();

    /**
     * The largest packet a client may send, in bytes: one websocket message, or one polling request body (which may
     * carry several packets). Announced to the client as {@code maxPayload}; larger closes the connection. Keep it
     * at or below {@code quarkus.http.limits.max-body-size}.
     */
    @WithDefault("65536")
    int maxPayload();

    /** Packets a connection may send per second on average; faster closes the connection (a flood). */
    @WithDefault("20")
    int packetsPerSecond();

    /** Packets a connection may send in a burst above {@link #packetsPerSecond()}. */
    @WithDefault("40")
    int packetBurst();

    /** Calls one connection may have waiting for their answer at once; one more closes the connection. */
    @WithDefault("8")
    int maxCallsInFlight();

    /** Open connections from one client IP; a new one beyond this is refused with 429. */
    @WithDefault("50")
    int maxConnectionsPerIp();

    /** Packets queued for a client that does not fetch them (polling) or read them (websocket) before it is closed. */
    @WithDefault("64")
    int maxQueuedPackets();

    /** How long a new connection may take to join the namespace (Socket.IO CONNECT) before it is closed. */
    @WithDefault("45s")
    Duration connectTimeout();
}
