package io.countersign.hook;

import java.net.URI;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;

import org.jboss.logging.Logger;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.countersign.error.ErrorCode;
import io.countersign.error.FlowException;
import io.countersign.error.HookUnavailable;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.quarkus.runtime.Startup;
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
import jakarta.enterprise.context.ApplicationScoped;

/**
 * Calls the application's hook: a signed POST (Standard Webhooks, {@link WebhookSigner}) with the Vert.x HTTP client,
 * which never blocks the event loop, bounded by {@code countersign.hooks.timeout}. The flows call it outside any
 * database transaction. Its answer is an {@link HookOutcome}; a timeout, an unreachable hook, a non-2xx status or a body
 * that is not an answer fail closed as {@link HookUnavailable}. Every call is counted in
 * {@code countersign.hook.calls} (tags purpose, outcome) and timed in {@code countersign.hook.duration}.
 */
@ApplicationScoped
@Startup
public class HookClient {

    private static final Logger LOG = Logger.getLogger(HookClient.class);
    private static final int MAX_ANSWER_BYTES = 16 * 1024;
    private static final int MAX_MESSAGE = 300;

    private final HooksConfig config;
    private final ObjectMapper json;
    private final MeterRegistry registry;
    private final Vertx vertx;
    private final boolean used;
    private final String url;
    private final WebhookSigner signer;
    private final TokenSeal seal;
    private HttpClient client;

    public HookClient(HooksConfig config, ObjectMapper json, MeterRegistry registry, Vertx vertx) {
        this.config = config;
        this.json = json;
        this.registry = registry;
        this.vertx = vertx;
        this.used = config.confirmationMethod() == HooksConfig.ConfirmationMethod.HOOK
                || config.resetMethod() == HooksConfig.ResetMethod.HOOK;
        this.url = used ? checkedUrl(config) : null;
        byte[] key = used ? WebhookSigner.keyOf(config.secret().orElseThrow(() -> new IllegalStateException(
                "countersign.hooks.secret is required with a hook method"))) : null;
        this.signer = key == null ? null : new WebhookSigner(config.secret().get());
        this.seal = key == null ? null : new TokenSeal(key);
    }

    private static String checkedUrl(HooksConfig config) {
        String url = config.url().orElseThrow(() -> new IllegalStateException("countersign.hooks.url is required with a hook method"));
        String scheme = URI.create(url).getScheme();
        if (!"https".equalsIgnoreCase(scheme) && !("http".equalsIgnoreCase(scheme) && config.allowHttp())) {
            throw new IllegalStateException("countersign.hooks.url must be https (http only with countersign.hooks.allow-http=true)");
        }
        return url;
    }

    /** Calls the hook; fails with {@code hook_refused} on {@code fail}, with {@link HookUnavailable} when it fails. */
    public Uni<HookOutcome> call(HookCall call) {
        if (!used) {
            return Uni.createFrom().failure(new IllegalStateException("no hook is configured"));
        }
        String body;
        try {
            body = json.writeValueAsString(payload(call));
        } catch (JsonProcessingException e) {
            return Uni.createFrom().failure(new IllegalStateException("cannot write a hook payload", e));
        }
        String id = "msg_" + UUID.randomUUID();
        long timestamp = Instant.now().getEpochSecond();
        long millis = config.timeout().toMillis();
        RequestOptions request = new RequestOptions().setMethod(HttpMethod.POST).setAbsoluteURI(url)
                .setConnectTimeout(millis).setIdleTimeout(millis)
                .putHeader("content-type", "application/json").putHeader("webhook-id", id)
                .putHeader("webhook-timestamp", Long.toString(timestamp))
                .putHeader("webhook-signature", signer.sign(id, timestamp, body));
        Context context = io.vertx.core.Vertx.currentContext();
        Timer.Sample sample = Timer.start(registry);
        Uni<HookOutcome> outcome = client().request(request)
                .chain(r -> r.send(Buffer.buffer(body)))
                .chain(this::answer)
                .ifNoItem().after(config.timeout()).failWith(() -> new HookUnavailable("timeout"))
                .onFailure(e -> !(e instanceof FlowException)).transform(e -> new HookUnavailable(
                        e instanceof TimeoutException || String.valueOf(e.getMessage()).toLowerCase(Locale.ROOT).contains("timeout")
                                ? "timeout" : "unreachable"));
        if (context != null) {
            // continue on the caller's Vert.x context (a timeout fires on another thread): the flow's next transaction needs it
            outcome = outcome.emitOn(task -> context.runOnContext(ignored -> task.run()));
        }
        String purpose = call.purpose().wireName();
        return outcome.invoke(o -> counted(purpose, o.status().name().toLowerCase(Locale.ROOT), sample))
                .onFailure(HookUnavailable.class).invoke(e -> {
                    String reason = ((HookUnavailable) e).reason();
                    LOG.warnf("Hook call for %s failed closed: %s", purpose, reason);
                    counted(purpose, reason, sample);
                })
                .chain(o -> o.status() == HookOutcome.Status.FAIL
                        ? Uni.createFrom().failure(new FlowException(ErrorCode.HOOK_REFUSED,
                                o.message() == null ? "The application refused this request." : o.message()))
                        : Uni.createFrom().item(o));
    }

    private synchronized HttpClient client() {
        if (client == null) {
            client = vertx.createHttpClient(new HttpClientOptions().setMaxPoolSize(16)
                    .setConnectTimeout((int) config.timeout().toMillis()));
        }
        return client;
    }

    private Uni<HookOutcome> answer(HttpClientResponse response) {
        if (response.statusCode() < 200 || response.statusCode() > 299) {
            return response.body().onFailure().recoverWithNull()
                    .chain(ignored -> Uni.createFrom().failure(new HookUnavailable("status_" + response.statusCode())));
        }
        return response.body().map(this::parse);
    }

    private HookOutcome parse(Buffer body) {
        if (body.length() > MAX_ANSWER_BYTES) {
            throw new HookUnavailable("garbage");
        }
        JsonNode node;
        try {
            node = json.readTree(body.getBytes());
        } catch (java.io.IOException e) {
            throw new HookUnavailable("garbage");
        }
        JsonNode status = node == null ? null : node.get("status");
        JsonNode message = node == null ? null : node.get("message");
        if (status == null || !status.isTextual() || message != null && !message.isNull() && !message.isTextual()) {
            throw new HookUnavailable("garbage");
        }
        HookOutcome.Status parsed = switch (status.textValue()) {
            case "success" -> HookOutcome.Status.SUCCESS;
            case "pending" -> HookOutcome.Status.PENDING;
            case "fail" -> HookOutcome.Status.FAIL;
            default -> throw new HookUnavailable("garbage");
        };
        return new HookOutcome(parsed, message == null || message.isNull() ? null : clean(message.textValue()));
    }

    /** The hook's message, shown to the caller: printable, bounded. */
    private static String clean(String message) {
        String printable = message.replaceAll("\\p{Cntrl}", " ").strip();
        return printable.isEmpty() ? null : printable.length() > MAX_MESSAGE ? printable.substring(0, MAX_MESSAGE) : printable;
    }

    private void counted(String purpose, String outcome, Timer.Sample sample) {
        registry.counter("countersign.hook.calls", "purpose", purpose, "outcome", outcome).increment();
        sample.stop(registry.timer("countersign.hook.duration", "purpose", purpose));
    }

    private Map<String, Object> payload(HookCall call) throws JsonProcessingException {
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("purpose", call.purpose().wireName());
        data.put("account", call.account());
        Map<String, Object> secrets = new LinkedHashMap<>();
        secrets.put("tokenId", call.tokenId());
        secrets.put("token", call.token());
        secrets.put("code", call.code());
        if (config.tokenDelivery() == HooksConfig.TokenDelivery.CLEAR) {
            data.putAll(secrets);
        } else {
            data.put("sealed", seal.seal(json.writeValueAsString(secrets), call.accountId()));
        }
        data.put("expiresAt", call.expiresAt().toString());
        data.put("arguments", call.arguments() == null ? Map.of() : call.arguments());
        Map<String, Object> payload = new LinkedHashMap<>();
        payload.put("type", "countersign." + call.purpose().wireName());
        payload.put("timestamp", Instant.now().toString());
        payload.put("data", data);
        return payload;
    }
}
