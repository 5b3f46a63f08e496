package example.chat;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * The transport the bundled notifier does not have: a chat webhook. One POST of JSON
 * {@code {"eventId", "type", "to", "text"}} per notification, with the event id as {@code Idempotency-Key}, so that
 * the chat service can drop a repeat too. A 2xx is delivered; 408, 429 and 5xx (and no answer) are worth a retry;
 * any other 4xx is final.
 */
public final class ChatWebhook {

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final ObjectMapper json = new ObjectMapper();
    private final URI url;

    public ChatWebhook(String url) {
        this.url = URI.create(url);
    }

    /** @throws Retryable or {@link Event.Undeliverable} when the chat service did not take the message */
    public void post(Event event, String to, String text) {
        Map<String, String> body = new LinkedHashMap<>();
        body.put("eventId", event.id());
        body.put("type", event.type());
        body.put("to", to);
        body.put("text", text);
        HttpResponse<Void> response;
        try {
            HttpRequest request = HttpRequest.newBuilder(url).timeout(Duration.ofSeconds(10))
                    .header("Content-Type", "application/json")
                    .header("Idempotency-Key", event.id())
                    .POST(HttpRequest.BodyPublishers.ofByteArray(json.writeValueAsBytes(body))).build();
            response = http.send(request, HttpResponse.BodyHandlers.discarding());
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        } catch (IOException e) {
            throw new Retryable("the chat webhook did not answer: " + e.getClass().getSimpleName());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new Retryable("interrupted");
        }
        int status = response.statusCode();
        if (status >= 200 && status < 300) {
            return;
        }
        if (status == 408 || status == 429 || status >= 500) {
            throw new Retryable("the chat webhook answered " + status);
        }
        throw new Event.Undeliverable("the chat webhook refused the message: " + status);
    }

    /** A failure that may go away: retried with backoff, then dead-lettered. */
    public static final class Retryable extends RuntimeException {
        public Retryable(String message) {
            super(message);
        }
    }
}
