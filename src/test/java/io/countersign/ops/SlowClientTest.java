package io.countersign.ops;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

import org.eclipse.microprofile.config.ConfigProvider;
import org.junit.jupiter.api.Test;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;

/**
 * Issue 14 item 13: a client that sends half a request and then nothing kept its connection forever (Quarkus' default
 * idle timeout is 30 minutes). With the shipped idle timeout ({@code quarkus.http.idle-timeout}, 30 s) the server
 * closes both a connection stalled in the headers and one stalled in the body, while it keeps serving others.
 */
@QuarkusTest
class SlowClientTest {

    /** How long the test waits for the server to close a stalled connection before it calls it never. */
    private static final Duration NEVER = Duration.ofSeconds(75);

    @Test
    void stalledClientsAreClosedWhileOthersAreServed() throws Exception {
        Duration limit = ConfigProvider.getConfig().getValue("quarkus.http.idle-timeout", Duration.class);
        try (Socket inHeaders = stalled("GET /q/health/live HTTP/1.1\r\nHost: localhost\r\nAccept: appl");
                Socket inBody = stalled("POST /users HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/json\r\n"
                        + "Content-Length: 200\r\n\r\n{\"email\": \"slow@exa")) {
            long start = System.nanoTime();
            // others are served while the two connections hang
            Duration serving = limit.compareTo(NEVER) < 0 ? limit.minusSeconds(2) : Duration.ofSeconds(5);
            while (Duration.ofNanos(System.nanoTime() - start).compareTo(serving) < 0) {
                given().get("/q/health/live").then().statusCode(200);
                Thread.sleep(500);
            }
            Duration headersClosed = closedAfter(inHeaders, start);
            Duration bodyClosed = closedAfter(inBody, start);
            assertTrue(headersClosed.compareTo(limit.plusSeconds(5)) < 0, "stalled in the headers: closed after " + headersClosed);
            assertTrue(bodyClosed.compareTo(limit.plusSeconds(5)) < 0, "stalled in the body: closed after " + bodyClosed);
            assertTrue(limit.compareTo(Duration.ofSeconds(60)) <= 0, "idle timeout " + limit);
            given().get("/q/health/live").then().statusCode(200);
        }
    }

    private static Socket stalled(String part) throws IOException {
        Socket socket = new Socket("localhost", RestAssured.port);
        socket.setSoTimeout((int) NEVER.toMillis());
        OutputStream out = socket.getOutputStream();
        out.write(part.getBytes(StandardCharsets.US_ASCII));
        out.flush();
        return socket;
    }

    /** Reads until the server closes the connection (whatever it answers first); fails if it is still open at the end. */
    private static Duration closedAfter(Socket socket, long start) throws IOException {
        InputStream in = socket.getInputStream();
        try {
            while (in.read() != -1) {
                // an error answer before closing is fine
            }
        } catch (SocketTimeoutException e) {
            throw new AssertionError("the server kept a stalled connection open for " + NEVER.toSeconds() + " s");
        } catch (IOException reset) {
            // closed by a reset: closed all the same
        }
        return Duration.ofNanos(System.nanoTime() - start);
    }
}
