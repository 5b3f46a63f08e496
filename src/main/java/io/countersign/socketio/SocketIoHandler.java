package io.countersign.socketio;

import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;

import io.smallrye.mutiny.Uni;

/**
 * What the application does with the events clients emit on the default namespace. The transport calls
 * {@link #event} in a request context of its own (the client IP and User-Agent are the handshake's), one call per
 * event, and sends the acknowledgement when the answer arrives.
 */
public interface SocketIoHandler {

    /**
     * @param args the event's arguments, without the event name and without the acknowledgement callback
     * @return the acknowledgement's arguments, or null to leave the event unanswered (as a server without a listener
     *         for that name does)
     */
    Uni<List<Object>> event(SocketIoConnection connection, String name, List<JsonNode> args);
}
