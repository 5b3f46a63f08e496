package io.countersign.socketio;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.URL;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.WebSocket;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;

/**
 * The Engine.IO 4 / Socket.IO 5 wire protocol at {@code /socket.io/}, byte by byte from a plain Java client: handshake,
 * polling, the websocket transport, the heartbeat, and every way a client can misbehave (a packet that does not parse,
 * a binary packet, an oversized message, a flood of packets or of calls, too many connections), each of which closes
 * that connection cleanly while the server goes on serving others.
 */
@QuarkusTest
class SocketIoProtocolTest {

    private static final Duration WAIT = Duration.ofSeconds(10);
    private static final String OPTIONS_CALL = "42[\"create\",\"authManagement\",{\"action\":\"options\"},{}]";

    @TestHTTPResource("/socket.io/")
    URL endpoint;

    private final HttpClient http = HttpClient.newHttpClient();
    private final ObjectMapper json = new ObjectMapper();

    // ---------------------------------------------------------------- handshake and polling

    @Test
    void pollingHandshakeThenACallAndItsAcknowledgement() throws Exception {
        HttpResponse<String> open = get("?EIO=4&transport=polling");
        assertThat(open.statusCode()).isEqualTo(200);
        assertThat(open.headers().firstValue("Content-Type")).hasValue("text/plain; charset=UTF-8");
        JsonNode handshake = json.readTree(open.body().substring(1));
        assertThat(open.body()).startsWith("0{");
        assertThat(handshake.path("upgrades").toString()).isEqualTo("[\"websocket\"]");
        assertThat(handshake.path("pingInterval").asLong()).isEqualTo(2000);
        assertThat(handshake.path("maxPayload").asInt()).isEqualTo(65536);
        String sid = handshake.path("sid").asText();

        assertThat(post(sid, "40").body()).isEqualTo("ok");
        assertThat(get(query(sid)).body()).startsWith("40{\"sid\":");
        assertThat(post(sid, "4" + OPTIONS_CALL.replace("42[", "27[")).body()).isEqualTo("ok");
        String ack = get(query(sid)).body();
        assertThat(ack).startsWith("437[null,{");
        assertThat(json.readTree(ack.substring(3)).get(1).path("path").asText()).isEqualTo("authManagement");
        post(sid, "1");
        assertThat(get(query(sid)).statusCode()).isEqualTo(400);
    }

    @Test
    void requestsTheServerCannotServeGetEngineIoErrors() throws Exception {
        assertError(get("?EIO=3&transport=polling"), 400, "{\"code\":5,\"message\":\"Unsupported protocol version\"}");
        assertError(get("?EIO=4&transport=flash"), 400, "{\"code\":0,\"message\":\"Transport unknown\"}");
        assertError(get("?EIO=4&transport=polling&sid=nope"), 400, "{\"code\":1,\"message\":\"Session ID unknown\"}");
        assertError(http.send(HttpRequest.newBuilder(URI.create(endpoint + "?EIO=4&transport=polling"))
                .POST(HttpRequest.BodyPublishers.ofString("40")).build(), HttpResponse.BodyHandlers.ofString()),
                400, "{\"code\":2,\"message\":\"Bad handshake method\"}");
    }

    @Test
    void anOversizedPollingBodyIsRefusedAndClosesTheConnection() throws Exception {
        String sid = json.readTree(get("?EIO=4&transport=polling").body().substring(1)).path("sid").asText();
        HttpResponse<String> refused = post(sid, "4" + "x".repeat(70_000));
        assertError(refused, 413, "{\"code\":3,\"message\":\"Payload too large\"}");
        assertThat(get(query(sid)).statusCode()).isEqualTo(400);
    }

    @Test
    void tooManyConnectionsFromOneAddressAreRefused() throws Exception {
        List<String> sids = new ArrayList<>();
        HttpResponse<String> refused = null;
        for (int i = 0; i < 60 && refused == null; i++) {
            HttpResponse<String> open = get("?EIO=4&transport=polling");
            if (open.statusCode() == 200) {
                sids.add(json.readTree(open.body().substring(1)).path("sid").asText());
            } else {
                refused = open;
            }
        }
        assertThat(refused).as("a handshake beyond max-connections-per-ip").isNotNull();
        assertError(refused, 429, "{\"code\":4,\"message\":\"Too many connections\"}");
        for (String sid : sids) {
            post(sid, "1");
        }
        assertThat(get("?EIO=4&transport=polling").statusCode()).isEqualTo(200);
    }

    // ---------------------------------------------------------------- websocket

    @Test
    void websocketFromTheStartServesCalls() throws Exception {
        Client c = Client.open(this);
        JsonNode open = json.readTree(c.next().substring(1));
        assertThat(open.path("upgrades").toString()).isEqualTo("[]");
        c.send("40");
        assertThat(c.next()).startsWith("40{\"sid\":");
        c.send(OPTIONS_CALL.replace("42[", "423["));
        assertThat(c.next()).startsWith("433[null,{\"service\":\"/users\"");
        // a method the service does not have: Feathers' MethodNotAllowed
        c.send("424[\"find\",\"authManagement\",{}]");
        assertThat(c.next()).isEqualTo("434[{\"name\":\"MethodNotAllowed\",\"message\":\"Method 'find' not allowed on service "
                + "'authManagement'\",\"code\":405,\"className\":\"method-not-allowed\"}]");
        c.ws.sendClose(WebSocket.NORMAL_CLOSURE, "bye").join();
    }

    @Test
    void theServerPingsAndClosesAConnectionThatStopsAnswering() throws Exception {
        Client c = Client.open(this);
        c.next();
        c.send("40");
        c.next();
        assertThat(c.next()).isEqualTo("2"); // within ping-interval (2 s in tests)
        c.send("3");
        assertThat(c.next()).isEqualTo("2");
        // no pong: closed after ping-timeout
        assertThat(c.closed.get(WAIT.toSeconds(), TimeUnit.SECONDS)).isEqualTo(1000);
    }

    @Test
    void packetsThatDoNotParseCloseTheConnection() throws Exception {
        for (String bad : List.of("x", "", "7", "49garbage", "42[\"create\"", "42{}", "42[]", "42[1,2]", "40[1]",
                "45-[\"create\",{\"_placeholder\":true,\"num\":0}]", "4" + "2" + "9".repeat(20) + "[\"create\"]",
                "42[\"create\"]trailing", "4" + "2" + "[".repeat(5000))) {
            Client c = Client.open(this);
            c.next();
            c.send("40");
            c.next();
            c.send(bad);
            assertThat(c.closed.get(WAIT.toSeconds(), TimeUnit.SECONDS)).as("close code after %s", bad).isIn(1002, 1000);
        }
        assertStillServing();
    }

    @Test
    void aBinaryFrameClosesTheConnection() throws Exception {
        Client c = Client.open(this);
        c.next();
        c.ws.sendBinary(ByteBuffer.wrap(new byte[] { 4, 1, 2 }), true).join();
        assertThat(c.closed.get(WAIT.toSeconds(), TimeUnit.SECONDS)).isEqualTo(1003);
        assertStillServing();
    }

    @Test
    void anOversizedMessageClosesTheConnection() throws Exception {
        Client c = Client.open(this);
        c.next();
        c.send("40");
        c.next();
        c.send("42[\"create\",\"authManagement\",{\"action\":\"" + "x".repeat(70_000) + "\"}]");
        assertThat(c.closed.get(WAIT.toSeconds(), TimeUnit.SECONDS)).isEqualTo(1009);
        assertStillServing();
    }

    /**
     * Waits for a frame to be sent; false when the server had already closed the connection (the send then fails with
     * "Output closed", which is the outcome these tests wait for: the close code is asserted after).
     */
    private static boolean sent(java.util.concurrent.CompletableFuture<?> send) {
        try {
            send.join();
            return true;
        } catch (java.util.concurrent.CompletionException e) {
            if (e.getCause() instanceof java.io.IOException) {
                return false;
            }
            throw e;
        }
    }

    @Test
    void aFloodOfPacketsClosesTheConnection() throws Exception {
        Client c = Client.open(this);
        c.next();
        c.send("40");
        c.next();
        for (int i = 0; i < 200 && !c.closed.isDone(); i++) {
            if (!sent(c.ws.sendText("42[\"chat\",\"hello\"]", true))) { // an event no service listens to
                break;
            }
        }
        assertThat(c.closed.get(WAIT.toSeconds(), TimeUnit.SECONDS)).isEqualTo(1008);
        assertStillServing();
    }

    @Test
    void tooManyCallsInFlightCloseTheConnection() throws Exception {
        Client c = Client.open(this);
        c.next();
        c.send("40");
        c.next();
        for (int i = 0; i < 20 && !c.closed.isDone(); i++) {
            if (!sent(c.ws.sendText("42" + i + "[\"create\",\"authentication\",{\"strategy\":\"local\",\"email\":\"nobody" + i
                    + "@example.com\",\"password\":\"not the password\"},{}]", true))) {
                break;
            }
        }
        assertThat(c.closed.get(WAIT.toSeconds(), TimeUnit.SECONDS)).isEqualTo(1008);
        assertStillServing();
        Thread.sleep(1500); // the calls admitted before the close run to their end
    }

    // ---------------------------------------------------------------- helpers

    private void assertStillServing() throws Exception {
        Client c = Client.open(this);
        c.next();
        c.send("40");
        c.next();
        c.send(OPTIONS_CALL.replace("42[", "421["));
        assertThat(c.next()).startsWith("431[null,{");
        c.ws.sendClose(WebSocket.NORMAL_CLOSURE, "bye").join();
    }

    private static void assertError(HttpResponse<String> response, int status, String body) {
        assertThat(response.statusCode()).isEqualTo(status);
        assertThat(response.body()).isEqualTo(body);
    }

    private static String query(String sid) {
        return "?EIO=4&transport=polling&sid=" + sid;
    }

    private HttpResponse<String> get(String query) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create(endpoint + query)).timeout(WAIT).GET().build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private HttpResponse<String> post(String sid, String payload) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create(endpoint + query(sid))).timeout(WAIT)
                .POST(HttpRequest.BodyPublishers.ofString(payload)).header("Content-Type", "text/plain;charset=UTF-8").build(),
                HttpResponse.BodyHandlers.ofString());
    }

    /** A websocket client that queues the server's messages and remembers the close code. */
    static final class Client implements WebSocket.Listener {

        final LinkedBlockingQueue<String> messages = new LinkedBlockingQueue<>();
        final CompletableFuture<Integer> closed = new CompletableFuture<>();
        private final StringBuilder partial = new StringBuilder();
        WebSocket ws;

        static Client open(SocketIoProtocolTest test) {
            Client client = new Client();
            URI uri = URI.create(test.endpoint.toString().replaceFirst("^http", "ws") + "?EIO=4&transport=websocket");
            client.ws = test.http.newWebSocketBuilder().buildAsync(uri, client).join();
            return client;
        }

        String next() throws InterruptedException {
            String message = messages.poll(WAIT.toSeconds(), TimeUnit.SECONDS);
            assertThat(message).as("a message from the server").isNotNull();
            return message;
        }

        void send(String text) {
            ws.sendText(text, true).join();
        }

        @Override
        public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
            partial.append(data);
            if (last) {
                messages.add(partial.toString());
                partial.setLength(0);
            }
            webSocket.request(1);
            return null;
        }

        @Override
        public CompletionStage<?> onClose(WebSocket webSocket, int statusCode, String reason) {
            closed.complete(statusCode);
            return null;
        }

        @Override
        public void onError(WebSocket webSocket, Throwable error) {
            closed.complete(-1);
        }
    }
}
