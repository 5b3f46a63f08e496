package io.countersign.notifier.email;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

import io.countersign.notifier.DeliveryFailure;
import io.countersign.notifier.PermanentFailure;
import io.smallrye.mutiny.Uni;
import io.vertx.core.Context;
import io.vertx.core.Vertx;

/**
 * The HTTP side of the e-mail API senders: the JDK's asynchronous client (never blocks the caller; the answer
 * continues on the caller's Vert.x context) and one classification of answers for every provider. 2xx is
 * success (SendGrid answers 202); 408, 429 and 5xx may pass, and so may 401/403: credentials that the provider
 * refuses are fixed by the operator, not by the message, so its mail waits instead of being dead-lettered;
 * any other 4xx (an invalid recipient, a malformed message) is permanent. No answer in time is retryable.
 */
public final class ApiClient {

    private final String provider;
    private final HttpClient client;
    private final Duration timeout;

    public ApiClient(String provider, Duration timeout) {
        this.provider = provider;
        this.timeout = timeout;
        this.client = HttpClient.newBuilder().connectTimeout(timeout).build();
    }

    /** A request builder for the URL, with this client's timeout. */
    public HttpRequest.Builder request(String url) {
        return HttpRequest.newBuilder(URI.create(url)).timeout(timeout);
    }

    /** Sends; succeeds with a 2xx response only, fails with a classified failure otherwise. */
    public Uni<HttpResponse<String>> send(HttpRequest request) {
        Context context = Vertx.currentContext();
        Uni<HttpResponse<String>> response = Uni.createFrom()
                .completionStage(() -> client.sendAsync(request, HttpResponse.BodyHandlers.ofString()));
        if (context != null) {
            response = response.emitOn(task -> context.runOnContext(ignored -> task.run()));
        }
        return response
                .onFailure().transform(e -> new DeliveryFailure(provider, provider + " unreachable: " + e.getClass().getSimpleName(), e))
                .invoke(this::check);
    }

    private void check(HttpResponse<String> response) {
        int status = response.statusCode();
        if (status >= 200 && status < 300) {
            return;
        }
        String reason = provider + " answered " + status + ErrorDetail.of(response.body());
        if (status == 408 || status == 429 || status >= 500 || status == 401 || status == 403) {
            throw new DeliveryFailure(provider, reason);
        }
        throw new PermanentFailure(reason);
    }
}
