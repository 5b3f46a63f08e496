package io.countersign.notifier.sms;

import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.stream.Collectors;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.countersign.notifier.DeliveryFailure;
import io.countersign.notifier.NotifierConfig;
import io.countersign.notifier.PermanentFailure;
import io.quarkus.logging.Log;
import io.smallrye.mutiny.Uni;
import io.vertx.core.Context;
import io.vertx.core.Vertx;

/**
 * Sends SMS through an HTTP provider with the JDK's asynchronous client (never blocks the caller): either a
 * generic JSON webhook ({@code {"to","from","text"}}) or a Twilio-style form POST ({@code To, From, Body}).
 * 2xx is success; 408, 429 and 5xx are retryable; other 4xx are permanent.
 */
public class HttpSmsGateway implements SmsGateway {

    private final NotifierConfig.Http config;
    private final URI uri;
    private final HttpClient client;
    private final ObjectMapper json;

    public HttpSmsGateway(NotifierConfig.Http config, ObjectMapper json) {
        this.config = config;
        this.uri = URI.create(config.url().orElseThrow(() -> new IllegalStateException(
                "countersign.notifier.sms.http.url is required with countersign.notifier.sms.gateway=http")));
        this.json = json;
        this.client = HttpClient.newBuilder().connectTimeout(config.timeout()).build();
    }

    @Override
    public Uni<Void> send(String phone, String text) {
        HttpRequest request = request(phone, text);
        Context context = Vertx.currentContext();
        Uni<HttpResponse<Void>> response = Uni.createFrom()
                .completionStage(() -> client.sendAsync(request, HttpResponse.BodyHandlers.discarding()));
        if (context != null) {
            // continue on the caller's Vert.x context, not on the HTTP client's threads
            response = response.emitOn(task -> context.runOnContext(ignored -> task.run()));
        }
        return response
                .onFailure().transform(e -> new DeliveryFailure(transport(), "SMS gateway unreachable: " + e.getClass().getSimpleName(), e))
                .map(HttpResponse::statusCode)
                .invoke(status -> check(status, phone))
                .replaceWithVoid();
    }

    private void check(int status, String phone) {
        if (status >= 200 && status < 300) {
            Log.debugf("SMS to %s accepted by the gateway (%d)", SmsGateway.mask(phone), status);
            return;
        }
        if (status == 408 || status == 429 || status >= 500) {
            throw new DeliveryFailure(transport(), "SMS gateway answered " + status);
        }
        throw new PermanentFailure("SMS gateway rejected the message: " + status);
    }

    private HttpRequest request(String phone, String text) {
        HttpRequest.Builder builder = HttpRequest.newBuilder(uri).timeout(config.timeout());
        if (config.bearerToken().isPresent()) {
            builder.header("Authorization", "Bearer " + config.bearerToken().get());
        } else if (config.username().isPresent()) {
            String credentials = config.username().get() + ":" + config.password().orElse("");
            builder.header("Authorization", "Basic "
                    + Base64.getEncoder().encodeToString(credentials.getBytes(StandardCharsets.UTF_8)));
        }
        Map<String, String> fields = new LinkedHashMap<>();
        if ("twilio".equalsIgnoreCase(config.format())) {
            fields.put("To", phone);
            config.from().ifPresent(from -> fields.put("From", from));
            fields.put("Body", text);
            String form = fields.entrySet().stream()
                    .map(e -> URLEncoder.encode(e.getKey(), StandardCharsets.UTF_8) + "="
                            + URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8))
                    .collect(Collectors.joining("&"));
            return builder.header("Content-Type", "application/x-www-form-urlencoded")
                    .POST(HttpRequest.BodyPublishers.ofString(form)).build();
        }
        fields.put("to", phone);
        config.from().ifPresent(from -> fields.put("from", from));
        fields.put("text", text);
        try {
            return builder.header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofByteArray(json.writeValueAsBytes(fields))).build();
        } catch (JsonProcessingException e) {
            throw new PermanentFailure("cannot encode the SMS request");
        }
    }
}
