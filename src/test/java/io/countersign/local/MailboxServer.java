package io.countersign.local;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import com.icegreen.greenmail.util.GreenMail;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

import jakarta.mail.MessagingException;

/**
 * A small web page over the SMTP catcher and the SMS gateway stub, for people ({@code /}, {@code /messages/<n>})
 * and for scripts ({@code GET /api/messages}, {@code GET /api/messages/<n>}, {@code DELETE /api/messages}).
 * E-mails and SMS share one list, newest first, numbered in arrival order ({@link Inbox}). The notifier's HTTP
 * SMS gateway posts to {@code POST /sms} ({@code {"to","from","text"}}, its {@code json} format). Listens on
 * 127.0.0.1 only.
 */
final class MailboxServer implements AutoCloseable {

    private static final Pattern MESSAGE = Pattern.compile("/(api/)?messages/(\\d+)(/raw|/lifecycle)?/?");

    private final Inbox inbox;
    private final int smtpPort;
    /** Set by the local run: the message lifecycle of each e-mail, from the database. */
    private volatile MessageHistory history;
    private final HttpServer server;
    private final ExecutorService executor = Executors.newFixedThreadPool(2, r -> {
        Thread t = new Thread(r, "mailbox-http");
        t.setDaemon(true);
        return t;
    });
    private final ObjectMapper json = new ObjectMapper().registerModule(new JavaTimeModule())
            .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS);

    MailboxServer(GreenMail mail, int smtpPort, int httpPort) throws IOException {
        this.inbox = new Inbox(mail);
        this.smtpPort = smtpPort;
        this.server = HttpServer.create(new InetSocketAddress("127.0.0.1", httpPort), 0);
        server.createContext("/", this::handle);
        server.setExecutor(executor);
        server.start();
    }

    int port() {
        return server.getAddress().getPort();
    }

    /** Shows each e-mail's message lifecycle (the local run's database). */
    void showLifecycle(MessageHistory lifecycle) {
        this.history = lifecycle;
    }

    /** Where the notifier's HTTP SMS gateway posts. */
    String smsGatewayUrl() {
        return "http://127.0.0.1:" + port() + "/sms";
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            String method = exchange.getRequestMethod();
            String path = exchange.getRequestURI().getPath();
            if (path.equals("/") && method.equals("GET")) {
                send(exchange, 200, "text/html", MailboxPages.list(messages(), smtpPort));
            } else if (path.equals("/api/messages") && method.equals("GET")) {
                send(exchange, 200, "application/json", json.writeValueAsString(summaries()));
            } else if (path.equals("/api/messages") && method.equals("DELETE")) {
                purge();
                send(exchange, 204, null, null);
            } else if (path.equals("/sms") && method.equals("POST")) {
                receiveSms(exchange);
            } else if (path.equals("/purge") && method.equals("POST")) {
                purge();
                exchange.getResponseHeaders().add("Location", "/");
                send(exchange, 303, null, null);
            } else if (method.equals("GET") && MESSAGE.matcher(path).matches()) {
                message(exchange, MESSAGE.matcher(path));
            } else {
                send(exchange, 404, "text/html", MailboxPages.notFound());
            }
        } catch (RuntimeException e) {
            send(exchange, 500, "text/plain", "mailbox error: " + e);
        }
    }

    private void message(HttpExchange exchange, Matcher matcher) throws IOException {
        matcher.matches();
        boolean api = matcher.group(1) != null;
        boolean raw = "/raw".equals(matcher.group(3));
        boolean lifecycle = "/lifecycle".equals(matcher.group(3));
        Optional<Inbox.Entry> found = parseId(matcher.group(2)).flatMap(inbox::find);
        if (found.isEmpty() || ((raw || lifecycle) && found.get().source() == null) || (lifecycle && !api)) {
            send(exchange, 404, api ? "application/json" : "text/html",
                    api ? "{\"error\":\"no such message\"}" : MailboxPages.notFound());
        } else if (raw) {
            send(exchange, 200, "text/plain", MailView.raw(found.get().source()));
        } else if (lifecycle) {
            send(exchange, 200, "application/json", json.writeValueAsString(lifecycle(found.get())));
        } else if (api) {
            send(exchange, 200, "application/json", json.writeValueAsString(found.get().view()));
        } else {
            send(exchange, 200, "text/html", MailboxPages.message(found.get().view(), lifecycle(found.get())));
        }
    }

    private List<Map<String, Object>> lifecycle(Inbox.Entry entry) {
        MessageHistory lifecycle = history;
        if (lifecycle == null || entry.source() == null) {
            return List.of();
        }
        try {
            return lifecycle.of(entry.source().getMessageID());
        } catch (MessagingException e) {
            return List.of();
        }
    }

    private static Optional<Integer> parseId(String digits) {
        try {
            return Optional.of(Integer.parseInt(digits));
        } catch (NumberFormatException e) {
            return Optional.empty(); // more digits than an int holds: no such message
        }
    }

    /** The SMS gateway stub: accepts what {@code HttpSmsGateway} sends in its json format. */
    private void receiveSms(HttpExchange exchange) throws IOException {
        JsonNode body;
        try {
            body = json.readTree(exchange.getRequestBody().readAllBytes());
        } catch (IOException e) {
            body = null;
        }
        String contentType = exchange.getRequestHeaders().getFirst("Content-Type");
        if (body == null || !body.isObject() || contentType == null || !contentType.startsWith("application/json")
                || !body.path("to").isTextual() || !body.path("text").isTextual()) {
            send(exchange, 400, "application/json",
                    "{\"error\":\"expected a JSON object with to, text and optionally from\"}");
            return;
        }
        MailView sms = inbox.addSms(body.path("from").isTextual() ? body.get("from").textValue() : null,
                body.get("to").textValue(), body.get("text").textValue());
        send(exchange, 200, "application/json", "{\"status\":\"queued\",\"id\":" + sms.id() + "}");
    }

    private List<MailView> messages() {
        return inbox.newestFirst().stream().map(Inbox.Entry::view).toList();
    }

    private List<Map<String, Object>> summaries() {
        List<Map<String, Object>> list = new ArrayList<>();
        for (MailView m : messages()) {
            Map<String, Object> summary = new LinkedHashMap<>();
            summary.put("id", m.id());
            summary.put("channel", m.channel());
            summary.put("from", m.from());
            summary.put("to", m.to());
            summary.put("subject", m.subject());
            summary.put("date", m.date());
            summary.put("parts", m.parts());
            summary.put("href", "/api/messages/" + m.id());
            list.add(summary);
        }
        return list;
    }

    private void purge() {
        inbox.purge();
    }

    private static void send(HttpExchange exchange, int status, String type, String body) throws IOException {
        exchange.getResponseHeaders().add("Cache-Control", "no-store");
        if (body == null) {
            exchange.sendResponseHeaders(status, -1);
            return;
        }
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().add("Content-Type", type + "; charset=utf-8");
        exchange.getResponseHeaders().add("X-Content-Type-Options", "nosniff");
        exchange.sendResponseHeaders(status, bytes.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(bytes);
        }
    }

    @Override
    public void close() {
        server.stop(0);
        executor.shutdownNow();
    }
}
