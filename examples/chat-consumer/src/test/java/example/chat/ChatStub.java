package example.chat;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

/**
 * A local stand-in for the chat service's incoming webhook. It checks every request exactly (method, path,
 * content type, the idempotency key equal to the event id, exactly the four fields) and records it. It answers
 * 503 to every message for {@link #UNREACHABLE} and to the first message of each event named in {@link #flaky}.
 */
final class ChatStub implements AutoCloseable {

    static final String PATH = "/hooks/chat";
    static final String UNREACHABLE = "unreachable";

    record Message(String eventId, String type, String to, String text) {
    }

    private final HttpServer server;
    private final ObjectMapper json = new ObjectMapper();
    final List<Message> delivered = new CopyOnWriteArrayList<>();
    final List<String> problems = new CopyOnWriteArrayList<>();
    final Map<String, AtomicInteger> attempts = new ConcurrentHashMap<>();
    final Set<String> flakyTypes = ConcurrentHashMap.newKeySet();

    ChatStub() throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/", this::handle);
        server.start();
    }

    String url() {
        return "http://127.0.0.1:" + server.getAddress().getPort() + PATH;
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            byte[] body = exchange.getRequestBody().readAllBytes();
            JsonNode message = json.readTree(body);
            String problem = check(exchange, message);
            if (problem != null) {
                problems.add(problem);
                exchange.sendResponseHeaders(400, -1);
                return;
            }
            String eventId = message.get("eventId").asText();
            int attempt = attempts.computeIfAbsent(eventId, id -> new AtomicInteger()).incrementAndGet();
            if (message.get("to").asText().startsWith(UNREACHABLE)
                    || (flakyTypes.contains(message.get("type").asText()) && attempt == 1)) {
                exchange.sendResponseHeaders(503, -1);
                return;
            }
            delivered.add(new Message(eventId, message.get("type").asText(), message.get("to").asText(),
                    message.get("text").asText()));
            exchange.sendResponseHeaders(204, -1);
        }
    }

    private static String check(HttpExchange exchange, JsonNode message) {
        try {
            assertEquals("POST", exchange.getRequestMethod());
            assertEquals(PATH, exchange.getRequestURI().toString());
            assertEquals("application/json", exchange.getRequestHeaders().getFirst("Content-Type"));
            assertEquals(Set.of("eventId", "type", "to", "text"), fieldNames(message));
            assertEquals(message.get("eventId").asText(), exchange.getRequestHeaders().getFirst("Idempotency-Key"));
            return null;
        } catch (AssertionError e) {
            return e.getMessage();
        }
    }

    private static Set<String> fieldNames(JsonNode node) {
        Set<String> names = new java.util.HashSet<>();
        node.fieldNames().forEachRemaining(names::add);
        return names;
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
