package io.countersign.socketio;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/** One client connection as the application sees it: its socket id and what the application keeps with it. */
public final class SocketIoConnection {

    private final String id;
    private final Map<String, Object> state = new ConcurrentHashMap<>();

    SocketIoConnection(String id) {
        this.id = id;
    }

    public String id() {
        return id;
    }

    /** A value the application keeps for this connection (e.g. the access token it authenticated with), or null. */
    @SuppressWarnings("unchecked")
    public <T> T get(String key) {
        return (T) state.get(key);
    }

    public void put(String key, Object value) {
        state.put(key, value);
    }

    public void remove(String key) {
        state.remove(key);
    }
}
