package io.countersign.testing;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicReference;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

import io.countersign.captcha.CaptchaProvider;

/**
 * A local HTTP server standing in for a captcha provider's site-verify API (Turnstile, hCaptcha, reCAPTCHA v2 and v3),
 * at the provider's own path. It checks every request exactly as documented: {@code POST}, content type
 * {@code application/x-www-form-urlencoded}, the form fields {@code secret} and {@code response}, optionally
 * {@code remoteip} (and for hCaptcha {@code sitekey}, which must be the site key), nothing else; a request of another
 * shape is recorded in {@link #refused()} and answered 400. A wrong secret answers {@code invalid-input-secret}, as the
 * providers do. The response token decides the answer: {@value #PASS} succeeds (for reCAPTCHA v3 with score 0.9 and
 * action {@value #ACTION}), {@value #LOW_SCORE} scores 0.1, {@value #WRONG_ACTION} has the action {@code other}, any
 * other fails with {@code invalid-input-response}. {@link #mode} makes the whole API answer 503, hang, or send garbage.
 */
public final class CaptchaStub implements AutoCloseable {

    public static final String SECRET = "0x4AAAAAAA-test-secret";
    public static final String SITE_KEY = "1x00000000000000000000AA";
    public static final String PASS = "pass-token";
    public static final String LOW_SCORE = "low-score-token";
    public static final String WRONG_ACTION = "wrong-action-token";
    public static final String ACTION = "countersign";
    public static final String HOSTNAME = "countersign.example";

    /** How the whole API behaves. */
    public enum Mode {
        NORMAL, DOWN, SLOW, GARBAGE
    }

    /** One request, as the provider saw it. */
    public record Request(String method, String path, String contentType, Map<String, String> form) {
    }

    private static final Map<CaptchaProvider, CaptchaStub> SHARED = new EnumMap<>(CaptchaProvider.class);

    private final HttpServer server;
    private final CaptchaProvider provider;
    private final List<Request> requests = new CopyOnWriteArrayList<>();
    private final List<String> refused = new CopyOnWriteArrayList<>();
    private final AtomicReference<Mode> mode = new AtomicReference<>(Mode.NORMAL);

    public CaptchaStub(CaptchaProvider provider) {
        this.provider = provider;
        try {
            server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        server.setExecutor(Executors.newCachedThreadPool());
        server.createContext("/", this::handle);
        server.start();
    }

    /** The Turnstile stub the Quarkus tests use (testing/CaptchaStubResource). */
    public static CaptchaStub shared() {
        return shared(CaptchaProvider.TURNSTILE);
    }

    /** The stub of this provider that the Quarkus tests use; it lives as long as the JVM. */
    public static synchronized CaptchaStub shared(CaptchaProvider provider) {
        return SHARED.computeIfAbsent(provider, CaptchaStub::new);
    }

    /** The provider's site-verify path on this server, e.g. {@code http://127.0.0.1:4711/turnstile/v0/siteverify}. */
    public String url() {
        return "http://127.0.0.1:" + server.getAddress().getPort() + URI.create(provider.defaultVerifyUrl()).getPath();
    }

    public List<Request> requests() {
        return requests;
    }

    /** Why requests were refused as malformed (wrong method, content type, fields); empty when all were right. */
    public List<String> refused() {
        return refused;
    }

    public void mode(Mode next) {
        mode.set(next);
    }

    public Request last() {
        return requests.get(requests.size() - 1);
    }

    private void handle(HttpExchange exchange) throws IOException {
        String body;
        try (InputStream in = exchange.getRequestBody()) {
            body = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
        String contentType = exchange.getRequestHeaders().getFirst("Content-Type");
        Map<String, String> form = parse(body);
        requests.add(new Request(exchange.getRequestMethod(), exchange.getRequestURI().getPath(), contentType, form));
        switch (mode.get()) {
            case DOWN -> {
                reply(exchange, 503, "text/html", "<html>Service Unavailable</html>");
                return;
            }
            case SLOW -> {
                sleep(5000);
                reply(exchange, 200, "application/json", "{\"success\":true}");
                return;
            }
            case GARBAGE -> {
                reply(exchange, 200, "text/html", "<html>a challenge page, not an answer</html>");
                return;
            }
            default -> {
            }
        }
        String problem = problem(exchange, contentType, form);
        if (problem != null) {
            refused.add(problem);
            reply(exchange, 400, "application/json", "{\"success\":false,\"error-codes\":[\"bad-request\"]}");
            return;
        }
        if (!SECRET.equals(form.get("secret"))) {
            reply(exchange, 200, "application/json", "{\"success\":false,\"error-codes\":[\"invalid-input-secret\"]}");
            return;
        }
        reply(exchange, 200, "application/json", answer(form.get("response")));
    }

    /** What is wrong with the request's shape, or null. */
    private String problem(HttpExchange exchange, String contentType, Map<String, String> form) {
        if (!"POST".equals(exchange.getRequestMethod())) {
            return "method " + exchange.getRequestMethod();
        }
        if (!exchange.getRequestURI().getPath().equals(URI.create(provider.defaultVerifyUrl()).getPath())) {
            return "path " + exchange.getRequestURI().getPath();
        }
        if (!"application/x-www-form-urlencoded".equals(contentType)) {
            return "content type " + contentType;
        }
        Set<String> allowed = provider == CaptchaProvider.HCAPTCHA ? Set.of("secret", "response", "remoteip", "sitekey")
                : Set.of("secret", "response", "remoteip");
        if (!allowed.containsAll(form.keySet()) || !form.containsKey("secret") || !form.containsKey("response")) {
            return "fields " + form.keySet();
        }
        if (form.containsKey("sitekey") && !SITE_KEY.equals(form.get("sitekey"))) {
            return "sitekey " + form.get("sitekey");
        }
        return null;
    }

    private String answer(String response) {
        boolean v3 = provider == CaptchaProvider.RECAPTCHA_V3;
        return switch (response) {
            case PASS -> success(v3 ? 0.9 : null, v3 ? ACTION : null);
            case LOW_SCORE -> success(v3 ? 0.1 : null, v3 ? ACTION : null);
            case WRONG_ACTION -> success(v3 ? 0.9 : null, v3 ? "other" : null);
            default -> "{\"success\":false,\"error-codes\":[\"invalid-input-response\"]}";
        };
    }

    private static String success(Double score, String action) {
        return "{\"success\":true,\"challenge_ts\":\"2026-12-01T12:00:00Z\",\"hostname\":\"" + HOSTNAME + "\",\"error-codes\":[]"
                + (score == null ? "" : ",\"score\":" + score) + (action == null ? "" : ",\"action\":\"" + action + "\"") + "}";
    }

    private static Map<String, String> parse(String body) {
        Map<String, String> form = new LinkedHashMap<>();
        if (body.isEmpty()) {
            return form;
        }
        for (String pair : body.split("&")) {
            int eq = pair.indexOf('=');
            String name = URLDecoder.decode(eq < 0 ? pair : pair.substring(0, eq), StandardCharsets.UTF_8);
            form.put(name, eq < 0 ? "" : URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8));
        }
        return form;
    }

    private static void reply(HttpExchange exchange, int status, String type, String body) {
        StubExchanges.reply(exchange, status, type, body);
    }

    private static void sleep(long millis) {
        StubExchanges.sleep(millis);
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
