package io.countersign.local;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import com.icegreen.greenmail.util.GreenMail;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

import jakarta.mail.internet.MimeMessage;

/**
 * A small web page over the SMTP catcher, for people ({@code /}, {@code /messages/<n>}) and for scripts
 * ({@code GET /api/messages}, {@code GET /api/messages/<n>}, {@code DELETE /api/messages}). Listens on
 * 127.0.0.1 only.
 */
final class MailboxServer implements AutoCloseable {

    private static final Pattern MESSAGE = Pattern.compile("/(api/)?messages/(\\d+)(/raw)?/?");

    private final GreenMail mail;
    private final int smtpPort;
    private final HttpServer server;
    private final ExecutorService executor = Executors.newFixedThreadPool(2, r -> {
        Thread t = new Thread(r, "mailbox-http");
        t.setDaemon(true);
        return t;
    });
    private final ObjectMapper json = new ObjectMapper().registerModule(new JavaTimeModule())
            .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS);

    MailboxServer(GreenMail mail, int smtpPort, int httpPort) throws IOException {
        this.mail = mail;
        this.smtpPort = smtpPort;
        this.server = HttpServer.create(new InetSocketAddress("127.0.0.1", httpPort), 0);
        server.createContext("/", this::handle);
        server.setExecutor(executor);
        server.start();
    }

    int port() {
        return server.getAddress().getPort();
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
        boolean raw = matcher.group(3) != null;
        int id = Integer.parseInt(matcher.group(2));
        MimeMessage[] received = mail.getReceivedMessages();
        if (id < 1 || id > received.length) {
            send(exchange, 404, api ? "application/json" : "text/html",
                    api ? "{\"error\":\"no such message\"}" : MailboxPages.notFound());
        } else if (raw) {
            send(exchange, 200, "text/plain", MailView.raw(received[id - 1]));
        } else if (api) {
            send(exchange, 200, "application/json", json.writeValueAsString(MailView.of(id, received[id - 1])));
        } else {
            send(exchange, 200, "text/html", MailboxPages.message(MailView.of(id, received[id - 1])));
        }
    }

    private List<MailView> messages() {
        MimeMessage[] received = mail.getReceivedMessages();
        List<MailView> views = new ArrayList<>(received.length);
        for (int i = 0; i < received.length; i++) {
            views.add(MailView.of(i + 1, received[i]));
        }
        return views;
    }

    private List<Map<String, Object>> summaries() {
        List<Map<String, Object>> list = new ArrayList<>();
        for (MailView m : messages()) {
            Map<String, Object> summary = new LinkedHashMap<>();
            summary.put("id", m.id());
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
        try {
            mail.purgeEmailFromAllMailboxes();
        } catch (Exception e) {
            throw new IllegalStateException("cannot purge the mailbox", e);
        }
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
