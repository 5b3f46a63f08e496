package io.countersign.clients;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

import io.countersign.testing.GeneratedSecretsResource;
import io.countersign.testing.Mailbox;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusIntegrationTest;
import io.restassured.RestAssured;
import jakarta.mail.internet.MimeMessage;

/**
 * The typed TypeScript client (clients/typescript) against the packaged application: {@code npm ci}, then the check
 * that the committed generated types are what the served /q/openapi document generates now (regenerated into a
 * temporary directory and compared), then {@code npm test}: sign up, verify with the token of the e-mail, log in.
 * The e-mail is read from the suite's SMTP server through a small local HTTP endpoint ({@code MAILBOX_URL}).
 */
@QuarkusIntegrationTest
@WithTestResource(GeneratedSecretsResource.class)
class TypeScriptClientIT {

    static final Path CLIENT = Path.of("clients/typescript").toAbsolutePath();
    private static HttpServer mailbox;

    @BeforeAll
    static void startMailbox() throws IOException {
        mailbox = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        mailbox.createContext("/messages", TypeScriptClientIT::messages);
        mailbox.start();
    }

    @AfterAll
    static void stopMailbox() {
        mailbox.stop(0);
    }

    @Test
    void generatedClientIsCurrentAndSignsUpVerifiesAndLogsIn() throws Exception {
        String app = RestAssured.baseURI + ":" + RestAssured.port;
        run("ci", List.of("npm", "ci", "--no-audit", "--no-fund"), Map.of());
        run("check-generated", List.of("npm", "run", "check-generated", "--", app), Map.of());
        String test = run("test", List.of("npm", "test"), Map.of("COUNTERSIGN_URL", app,
                "MAILBOX_URL", "http://127.0.0.1:" + mailbox.getAddress().getPort()));
        assertTrue(test.contains("# pass 1") && test.contains("# skipped 0") && test.contains("# fail 0"), test);
    }

    private static String run(String name, List<String> command, Map<String, String> environment) throws Exception {
        Path log = Path.of("target/typescript-client-" + name + ".log").toAbsolutePath();
        ProcessBuilder builder = new ProcessBuilder(command).directory(CLIENT.toFile()).redirectErrorStream(true)
                .redirectOutput(log.toFile());
        builder.environment().putAll(environment);
        Process process = builder.start();
        boolean finished = process.waitFor(5, TimeUnit.MINUTES);
        if (!finished) {
            process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
        }
        String output = Files.readString(log);
        System.out.println("[typescript client] " + String.join(" ", command) + "\n" + output);
        assertTrue(finished, String.join(" ", command) + " did not finish in 5 minutes");
        assertEquals(0, process.exitValue(), String.join(" ", command) + " failed:\n" + output);
        return output;
    }

    /** {@code GET /messages?to=<address>}: the e-mails to that address, {@code [{"subject","text"}]}. */
    private static void messages(HttpExchange exchange) throws IOException {
        try (exchange) {
            String query = exchange.getRequestURI().getRawQuery();
            String to = query == null || !query.startsWith("to=") ? "" : URLDecoder.decode(query.substring(3), StandardCharsets.UTF_8);
            List<Map<String, String>> messages = new ArrayList<>();
            for (MimeMessage message : Mailbox.to(to)) {
                Map<String, String> entry = new LinkedHashMap<>();
                entry.put("subject", Mailbox.subject(message));
                entry.put("text", Mailbox.part(message, "text/plain"));
                messages.add(entry);
            }
            byte[] body = new ObjectMapper().writeValueAsBytes(messages);
            exchange.getResponseHeaders().add("Content-Type", "application/json");
            exchange.sendResponseHeaders(200, body.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(body);
            }
        }
    }
}
