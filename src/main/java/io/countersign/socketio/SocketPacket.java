package io.countersign.socketio;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectReader;

/**
 * A Socket.IO 5 packet as it travels inside an Engine.IO message: {@code <type>[<namespace>,][<ack id>][<JSON>]},
 * e.g. {@code 2["create","authManagement",{...},{}]} or {@code 213["create",...]} (ack id 13). Binary packets
 * (types 5 and 6) are not served: no Feathers call needs them.
 *
 * @param ackId the acknowledgement id, or -1 when the sender wants none
 * @param data the JSON payload, or null when there is none
 */
record SocketPacket(int type, String namespace, long ackId, JsonNode data) {

    static final int CONNECT = 0;
    static final int DISCONNECT = 1;
    static final int EVENT = 2;
    static final int ACK = 3;
    static final int CONNECT_ERROR = 4;

    private static final int MAX_ACK_DIGITS = 15;

    /** Thrown for a packet that does not parse; the connection is closed for it. */
    static final class Malformed extends Exception {
        Malformed(String reason) {
            super(reason, null, false, false);
        }
    }

    static SocketPacket decode(String text, ObjectMapper json) throws Malformed {
        if (text.isEmpty() || text.charAt(0) < '0' || text.charAt(0) > '4') {
            throw new Malformed("unknown or unsupported packet type");
        }
        int type = text.charAt(0) - '0';
        int i = 1;
        String namespace = "/";
        if (i < text.length() && text.charAt(i) == '/') {
            int comma = text.indexOf(',', i);
            int end = comma < 0 ? text.length() : comma;
            namespace = text.substring(i, end);
            i = comma < 0 ? end : end + 1;
        }
        int digits = i;
        while (digits < text.length() && Character.isDigit(text.charAt(digits)) && digits - i <= MAX_ACK_DIGITS) {
            digits++;
        }
        if (digits - i > MAX_ACK_DIGITS) {
            throw new Malformed("ack id too long");
        }
        long ackId = digits == i ? -1 : Long.parseLong(text.substring(i, digits));
        JsonNode data = digits == text.length() ? null : parse(text.substring(digits), json);
        SocketPacket packet = new SocketPacket(type, namespace, ackId, data);
        if (!packet.valid()) {
            throw new Malformed("invalid payload for packet type " + type);
        }
        return packet;
    }

    private static JsonNode parse(String payload, ObjectMapper json) throws Malformed {
        try {
            ObjectReader reader = json.reader().with(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);
            return reader.readTree(payload);
        } catch (JacksonException | RuntimeException e) {
            throw new Malformed("payload is not JSON");
        }
    }

    /** As socket.io's own parser checks them. */
    private boolean valid() {
        return switch (type) {
            case CONNECT -> data == null || data.isObject();
            case DISCONNECT -> data == null;
            case EVENT -> data != null && data.isArray() && !data.isEmpty() && data.get(0).isTextual();
            case ACK -> data != null && data.isArray();
            default -> false; // CONNECT_ERROR is the server's to send
        };
    }
}
