package io.countersign.testing;

import java.io.IOException;
import java.nio.charset.StandardCharsets;

import com.sun.net.httpserver.HttpExchange;

/** What the JDK-server stubs of external edges ({@link HookStub}, {@link CaptchaStub}) share: answering, and waiting. */
final class StubExchanges {

    private StubExchanges() {
    }

    /** Answers the exchange; a caller that already gave up (a timeout) is not an error. */
    static void reply(HttpExchange exchange, int status, String type, String body) {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", type);
        try {
            exchange.sendResponseHeaders(status, bytes.length);
            exchange.getResponseBody().write(bytes);
        } catch (IOException closed) {
            // the caller gave up (timeout): nothing to answer
        }
        exchange.close();
    }

    static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
