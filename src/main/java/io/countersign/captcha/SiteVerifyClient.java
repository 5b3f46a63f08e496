package io.countersign.captcha;

import java.io.IOException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.countersign.error.CaptchaUnavailable;
import io.smallrye.mutiny.TimeoutException;
import io.smallrye.mutiny.Uni;
import io.vertx.core.Context;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.RequestOptions;
import io.vertx.mutiny.core.Vertx;
import io.vertx.mutiny.core.buffer.Buffer;
import io.vertx.mutiny.core.http.HttpClient;
import io.vertx.mutiny.core.http.HttpClientResponse;

/**
 * One site-verify call: {@code POST} of an {@code application/x-www-form-urlencoded} form ({@code secret},
 * {@code response}, optional {@code remoteip}, and for hCaptcha {@code sitekey}) with the Vert.x HTTP client, which
 * never blocks the event loop, bounded by a timeout. A timeout, an unreachable API, a non-2xx status or a body that is
 * not an answer fail as {@link CaptchaUnavailable}, never as a pass.
 */
final class SiteVerifyClient {

    private static final int MAX_ANSWER_BYTES = 16 * 1024;

    private final String url;
    private final Duration timeout;
    private final ObjectMapper json;
    private final HttpClient client;

    SiteVerifyClient(String url, Duration timeout, ObjectMapper json, Vertx vertx) {
        this.url = url;
        this.timeout = timeout;
        this.json = json;
        this.client = vertx.createHttpClient(new HttpClientOptions().setMaxPoolSize(16).setConnectTimeout((int) timeout.toMillis()));
    }

    /** Posts the form fields (null values left out) and reads the answer. */
    Uni<SiteVerifyAnswer> verify(Map<String, String> fields) {
        String body = fields.entrySet().stream().filter(e -> e.getValue() != null)
                .map(e -> encode(e.getKey()) + "=" + encode(e.getValue())).collect(Collectors.joining("&"));
        long millis = timeout.toMillis();
        RequestOptions request = new RequestOptions().setMethod(HttpMethod.POST).setAbsoluteURI(url)
                .setConnectTimeout(millis).setIdleTimeout(millis)
                .putHeader("content-type", "application/x-www-form-urlencoded")
                .putHeader("accept", "application/json");
        Context context = io.vertx.core.Vertx.currentContext();
        Uni<SiteVerifyAnswer> answer = client.request(request)
                .chain(r -> r.send(Buffer.buffer(body)))
                .chain(this::read)
                .ifNoItem().after(timeout).failWith(() -> new CaptchaUnavailable("timeout"))
                .onFailure(e -> !(e instanceof CaptchaUnavailable)).transform(e -> new CaptchaUnavailable(
                        e instanceof TimeoutException || String.valueOf(e.getMessage()).toLowerCase(Locale.ROOT).contains("timeout")
                                ? "timeout" : "unreachable"));
        if (context != null) {
            // continue on the caller's Vert.x context (a timeout fires on another thread): the request goes on there
            answer = answer.emitOn(task -> context.runOnContext(ignored -> task.run()));
        }
        return answer;
    }

    private Uni<SiteVerifyAnswer> read(HttpClientResponse response) {
        if (response.statusCode() < 200 || response.statusCode() > 299) {
            return response.body().onFailure().recoverWithNull()
                    .chain(ignored -> Uni.createFrom().failure(new CaptchaUnavailable("status_" + response.statusCode())));
        }
        return response.body().map(this::parse);
    }

    private SiteVerifyAnswer parse(Buffer body) {
        if (body.length() > MAX_ANSWER_BYTES) {
            throw new CaptchaUnavailable("garbage");
        }
        JsonNode node;
        try {
            node = json.readTree(body.getBytes());
        } catch (IOException e) {
            throw new CaptchaUnavailable("garbage");
        }
        if (node == null || !node.isObject() || !node.path("success").isBoolean()) {
            throw new CaptchaUnavailable("garbage");
        }
        List<String> codes = new ArrayList<>();
        node.path("error-codes").forEach(code -> codes.add(code.asText()));
        JsonNode score = node.path("score");
        return new SiteVerifyAnswer(node.get("success").booleanValue(), List.copyOf(codes),
                score.isNumber() ? score.doubleValue() : null, text(node, "action"), text(node, "hostname"));
    }

    private static String text(JsonNode node, String field) {
        JsonNode value = node.get(field);
        return value != null && value.isTextual() ? value.textValue() : null;
    }

    private static String encode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }

    /** The form of one check, in the order the providers document it. */
    static Map<String, String> form(String secret, String response, String remoteIp, String siteKey) {
        Map<String, String> fields = new LinkedHashMap<>();
        fields.put("secret", secret);
        fields.put("response", response);
        fields.put("remoteip", remoteIp);
        fields.put("sitekey", siteKey);
        return fields;
    }
}
