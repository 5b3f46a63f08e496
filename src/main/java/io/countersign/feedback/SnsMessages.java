package io.countersign.feedback;

import java.io.ByteArrayInputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.Signature;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;

import com.fasterxml.jackson.databind.JsonNode;

import io.smallrye.mutiny.Uni;
import io.vertx.core.Context;
import io.vertx.core.Vertx;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * Checks Amazon SNS messages as AWS documents it: the topic must be one we subscribed to; the signing certificate
 * is fetched only from a URL whose scheme and host match the configuration ({@code sns.<region>.amazonaws.com})
 * and whose path ends in {@code .pem} (certificates are cached by URL); the signature (SignatureVersion 1:
 * SHA1withRSA, 2: SHA256withRSA) is checked over the message's fields in the documented order. Confirms a
 * subscription by fetching its SubscribeURL, under the same URL rules. Fetches never block the event loop.
 */
@ApplicationScoped
public class SnsMessages {

    static final List<String> NOTIFICATION_FIELDS = List.of("Message", "MessageId", "Subject", "Timestamp", "TopicArn", "Type");
    static final List<String> SUBSCRIPTION_FIELDS = List.of("Message", "MessageId", "SubscribeURL", "Timestamp", "Token", "TopicArn", "Type");

    private final FeedbackConfig.Ses config;
    private final Pattern host;
    private final HttpClient client;
    private final Map<String, X509Certificate> certificates = new ConcurrentHashMap<>();

    public SnsMessages(FeedbackConfig config) {
        this.config = config.ses();
        this.host = Pattern.compile(config.ses().certHostPattern());
        this.client = HttpClient.newBuilder().connectTimeout(config.ses().timeout()).build();
    }

    boolean enabled() {
        return config.topicArns().filter(arns -> !arns.isEmpty()).isPresent();
    }

    /** True when the message comes from an allowed topic and its signature is good. */
    Uni<Boolean> authentic(JsonNode message) {
        String topic = message.path("TopicArn").asText("");
        String algorithm = switch (message.path("SignatureVersion").asText("")) {
            case "1" -> "SHA1withRSA";
            case "2" -> "SHA256withRSA";
            default -> null;
        };
        URI certUrl = allowed(message.path("SigningCertURL").asText(""));
        if (algorithm == null || certUrl == null || !certUrl.getPath().endsWith(".pem")
                || !config.topicArns().orElse(List.of()).contains(topic)) {
            return Uni.createFrom().item(false);
        }
        return certificate(certUrl).map(certificate -> verify(message, certificate, algorithm))
                .onFailure().recoverWithItem(false);
    }

    /** Confirms the subscription (GET SubscribeURL); true when SNS answered 2xx. */
    Uni<Boolean> confirm(JsonNode message) {
        URI url = allowed(message.path("SubscribeURL").asText(""));
        if (url == null || !config.confirmSubscriptions()) {
            return Uni.createFrom().item(false);
        }
        return get(url).map(response -> response.statusCode() / 100 == 2).onFailure().recoverWithItem(false);
    }

    /** The URL when its scheme and host are the allowed ones, else null. */
    URI allowed(String url) {
        try {
            URI uri = URI.create(url);
            return config.certScheme().equals(uri.getScheme()) && uri.getHost() != null && host.matcher(uri.getHost()).matches()
                    && uri.getUserInfo() == null ? uri : null;
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    private Uni<X509Certificate> certificate(URI url) {
        X509Certificate cached = certificates.get(url.toString());
        if (cached != null) {
            return Uni.createFrom().item(cached);
        }
        return get(url).map(response -> {
            if (response.statusCode() != 200) {
                throw new IllegalStateException("signing certificate not found");
            }
            try {
                X509Certificate certificate = (X509Certificate) CertificateFactory.getInstance("X.509")
                        .generateCertificate(new ByteArrayInputStream(response.body().getBytes(StandardCharsets.US_ASCII)));
                certificate.checkValidity();
                certificates.put(url.toString(), certificate);
                return certificate;
            } catch (GeneralSecurityException e) {
                throw new IllegalStateException("not a valid certificate", e);
            }
        });
    }

    private Uni<HttpResponse<String>> get(URI url) {
        HttpRequest request = HttpRequest.newBuilder(url).timeout(config.timeout()).GET().build();
        Context context = Vertx.currentContext();
        Uni<HttpResponse<String>> response = Uni.createFrom()
                .completionStage(() -> client.sendAsync(request, HttpResponse.BodyHandlers.ofString()));
        return context == null ? response : response.emitOn(task -> context.runOnContext(ignored -> task.run()));
    }

    static boolean verify(JsonNode message, X509Certificate certificate, String algorithm) {
        try {
            Signature signature = Signature.getInstance(algorithm);
            signature.initVerify(certificate.getPublicKey());
            signature.update(stringToSign(message).getBytes(StandardCharsets.UTF_8));
            return signature.verify(Base64.getDecoder().decode(message.path("Signature").asText("")));
        } catch (GeneralSecurityException | IllegalArgumentException e) {
            return false;
        }
    }

    /** "Name\nvalue\n" for each field the type signs, in order; an absent Subject is left out. */
    static String stringToSign(JsonNode message) {
        List<String> fields = "Notification".equals(message.path("Type").asText()) ? NOTIFICATION_FIELDS : SUBSCRIPTION_FIELDS;
        StringBuilder text = new StringBuilder();
        for (String field : fields) {
            JsonNode value = message.get(field);
            if (value != null && !value.isNull()) {
                text.append(field).append('\n').append(value.asText()).append('\n');
            }
        }
        return text.toString();
    }
}
