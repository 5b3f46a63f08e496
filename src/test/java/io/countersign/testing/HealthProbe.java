package io.countersign.testing;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.time.Duration;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.restassured.RestAssured;

/** Calls a health endpoint of the application under test like a Kubernetes probe: with a hard time limit. */
public final class HealthProbe {

    private static final HttpClient CLIENT = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(1)).build();
    private static final ObjectMapper JSON = new ObjectMapper();

    private HealthProbe() {
    }

    /** One answer: status, parsed body and how long it took. */
    public record Answer(int status, JsonNode body, Duration took) {

        /** The data of the named check, or a missing node. */
        public JsonNode check(String name) {
            for (JsonNode check : body.path("checks")) {
                if (name.equals(check.path("name").asText())) {
                    return check;
                }
            }
            return JSON.missingNode();
        }
    }

    /** GETs the path; an AssertionError when no answer came within the limit. */
    public static Answer get(String path, Duration limit) {
        HttpRequest request = HttpRequest.newBuilder(URI.create("http://localhost:" + RestAssured.port + path))
                .timeout(limit).GET().build();
        long start = System.nanoTime();
        try {
            HttpResponse<String> response = CLIENT.send(request, HttpResponse.BodyHandlers.ofString());
            return new Answer(response.statusCode(), JSON.readTree(response.body()), Duration.ofNanos(System.nanoTime() - start));
        } catch (HttpTimeoutException e) {
            throw new AssertionError(path + " did not answer within " + limit.toMillis() + " ms");
        } catch (IOException e) {
            throw new AssertionError(path + " failed: " + e, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }
}
