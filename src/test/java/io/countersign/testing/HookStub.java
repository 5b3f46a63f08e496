package io.countersign.testing;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;

import javax.crypto.Cipher;
import javax.crypto.Mac;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

/**
 * A local HTTP server standing in for the application's hook (docs/hooks.md): it verifies every request's Standard
 * Webhooks signature exactly as a receiver must (HMAC-SHA256 over {@code id.timestamp.body}, a timestamp within five
 * minutes, each {@code webhook-id} once), refuses anything else with 401, opens the sealed token, records the call,
 * and answers as the call asks: {@code data.arguments.answer}, or else the part of the account's email before the first
 * {@code -} ({@code success}, {@code pending}, {@code fail}, {@code slow}, {@code 500}, {@code garbage}).
 */
public final class HookStub implements AutoCloseable {

    /** A fixed test secret: whsec_ and the base64 of 32 bytes. */
    public static final String SECRET = "whsec_" + Base64.getEncoder().encodeToString(
            "countersign-test-hook-secret-32b".getBytes(StandardCharsets.UTF_8));
    public static final long TOLERANCE_SECONDS = 300;
    /** How long {@code slow} waits: longer than the hook timeout of the tests. */
    public static final long SLOW_MILLIS = 6000;

    /** One accepted call, with the secrets it carried (opened when sealed). */
    public record Call(String id, long timestamp, String signature, String body, JsonNode payload, String tokenId,
            String token, String code) {

        public JsonNode data() {
            return payload.get("data");
        }

        public String email() {
            return data().path("account").path("email").asText(null);
        }

        public String purpose() {
            return data().path("purpose").asText();
        }

        /** The link token the verify and reset endpoints take: tokenId.token. */
        public String linkToken() {
            return tokenId + "." + token;
        }
    }

    private static HookStub shared;

    private final HttpServer server;
    private final ObjectMapper json = new ObjectMapper();
    private final byte[] key;
    private final List<Call> calls = new CopyOnWriteArrayList<>();
    private final List<String> refused = new CopyOnWriteArrayList<>();
    private final Set<String> seenIds = ConcurrentHashMap.newKeySet();
    private final java.util.Map<String, String> overrides = new ConcurrentHashMap<>();

    public HookStub() {
        key = Base64.getDecoder().decode(SECRET.substring("whsec_".length()));
        try {
            server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        server.setExecutor(Executors.newCachedThreadPool());
        server.createContext("/hook", this::handle);
        server.start();
    }

    public static synchronized HookStub shared() {
        if (shared == null) {
            shared = new HookStub();
        }
        return shared;
    }

    public String url() {
        return "http://127.0.0.1:" + server.getAddress().getPort() + "/hook";
    }

    public List<Call> calls() {
        return calls;
    }

    /** Why requests were refused (bad signature, stale timestamp, replayed id). */
    public List<String> refused() {
        return refused;
    }

    /** From now on, answer calls about this account (by email) this way. */
    public void answerFor(String email, String answer) {
        overrides.put(email.toLowerCase(java.util.Locale.ROOT), answer);
    }

    /** The calls about the account with this email, oldest first. */
    public List<Call> callsFor(String email) {
        return calls.stream().filter(c -> email.equalsIgnoreCase(c.email())).toList();
    }

    private void handle(HttpExchange exchange) throws IOException {
        String body;
        try (InputStream in = exchange.getRequestBody()) {
            body = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
        String id = exchange.getRequestHeaders().getFirst("webhook-id");
        String timestamp = exchange.getRequestHeaders().getFirst("webhook-timestamp");
        String signature = exchange.getRequestHeaders().getFirst("webhook-signature");
        String problem = verify(id, timestamp, signature, body, Instant.now().getEpochSecond());
        if (problem != null) {
            refused.add(problem);
            reply(exchange, 401, "{\"error\":\"" + problem + "\"}");
            return;
        }
        JsonNode payload = json.readTree(body);
        JsonNode data = payload.get("data");
        String[] secrets = secrets(data, data.path("account").path("id").asText());
        Call call = new Call(id, Long.parseLong(timestamp), signature, body, payload, secrets[0], secrets[1], secrets[2]);
        calls.add(call);
        String answer = data.path("arguments").path("answer").asText(null);
        if (answer == null && call.email() != null) {
            answer = overrides.get(call.email().toLowerCase(java.util.Locale.ROOT));
        }
        if (answer == null) {
            String email = String.valueOf(call.email());
            answer = email.contains("-") ? email.substring(0, email.indexOf('-')) : "success";
        }
        switch (answer) {
            case "pending" -> reply(exchange, 200, "{\"status\":\"pending\",\"message\":\"We sent you a text message.\"}");
            case "fail" -> reply(exchange, 200, "{\"status\":\"fail\",\"message\":\"This address is not on the guest list.\"}");
            case "slow" -> {
                sleep(SLOW_MILLIS);
                reply(exchange, 200, "{\"status\":\"success\"}");
            }
            case "500" -> reply(exchange, 500, "{\"error\":\"boom\"}");
            case "garbage" -> reply(exchange, 200, "<html>not an answer</html>");
            default -> reply(exchange, 200, "{\"status\":\"success\"}");
        }
    }

    /**
     * Verifies a request as a receiver must; null when it is genuine, else why not. The signature covers the id, the
     * timestamp and the body; the timestamp must be within {@link #TOLERANCE_SECONDS}; each id is accepted once.
     */
    public String verify(String id, String timestamp, String signatureHeader, String body, long now) {
        if (id == null || timestamp == null || signatureHeader == null) {
            return "missing headers";
        }
        long ts;
        try {
            ts = Long.parseLong(timestamp);
        } catch (NumberFormatException e) {
            return "bad timestamp";
        }
        byte[] expected = hmac(key, id + "." + timestamp + "." + body);
        boolean matches = false;
        for (String candidate : signatureHeader.split(" ")) {
            if (candidate.startsWith("v1,") && MessageDigest.isEqual(expected, Base64.getDecoder().decode(candidate.substring(3)))) {
                matches = true;
            }
        }
        if (!matches) {
            return "bad signature";
        }
        if (Math.abs(now - ts) > TOLERANCE_SECONDS) {
            return "stale timestamp";
        }
        if (!seenIds.add(id)) {
            return "replayed id";
        }
        return null;
    }

    /** The signature header a sender with the secret would write. */
    public static String sign(String id, long timestamp, String body) {
        byte[] key = Base64.getDecoder().decode(SECRET.substring("whsec_".length()));
        return "v1," + Base64.getEncoder().encodeToString(hmac(key, id + "." + timestamp + "." + body));
    }

    /** tokenId, token, code: in clear, or opened from {@code data.sealed} as docs/hooks.md describes. */
    private String[] secrets(JsonNode data, String accountId) {
        JsonNode source = data;
        if (data.has("sealed")) {
            try {
                JsonNode sealed = data.get("sealed");
                byte[] aesKey = hmac(key, "countersign-hook-seal-v1");
                Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
                cipher.init(Cipher.DECRYPT_MODE, new SecretKeySpec(aesKey, "AES"),
                        new GCMParameterSpec(128, Base64.getUrlDecoder().decode(sealed.get("iv").asText())));
                cipher.updateAAD(accountId.getBytes(StandardCharsets.UTF_8));
                source = json.readTree(cipher.doFinal(Base64.getUrlDecoder().decode(sealed.get("ciphertext").asText())));
            } catch (Exception e) {
                throw new IllegalStateException("cannot open the sealed token", e);
            }
        }
        return new String[] { source.path("tokenId").asText(null), source.path("token").asText(null),
                source.path("code").asText(null) };
    }

    private static byte[] hmac(byte[] key, String content) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key, "HmacSHA256"));
            return mac.doFinal(content.getBytes(StandardCharsets.UTF_8));
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private static void reply(HttpExchange exchange, int status, String body) {
        StubExchanges.reply(exchange, status, "application/json", body);
    }

    private static void sleep(long millis) {
        StubExchanges.sleep(millis);
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
