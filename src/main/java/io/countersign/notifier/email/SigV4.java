package io.countersign.notifier.email;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * AWS Signature Version 4 (header form): canonical request → string to sign → HMAC-SHA256 with the key derived
 * from the secret, date, region and service. Written for our requests (a path without dot segments, a query
 * already in {@code name=value} pairs); checked against the example of the AWS documentation (SigV4Test).
 */
public final class SigV4 {

    static final String ALGORITHM = "AWS4-HMAC-SHA256";
    static final DateTimeFormatter AMZ_DATE = DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'").withZone(ZoneOffset.UTC);

    private final String accessKeyId;
    private final String secretAccessKey;
    private final String region;
    private final String service;

    public SigV4(String accessKeyId, String secretAccessKey, String region, String service) {
        this.accessKeyId = accessKeyId;
        this.secretAccessKey = secretAccessKey;
        this.region = region;
        this.service = service;
    }

    /**
     * @param headers the headers to sign (must include {@code host} and {@code x-amz-date}); names any case
     * @return the {@code Authorization} header value
     */
    public String authorization(String method, URI uri, Map<String, String> headers, byte[] body, Instant time) {
        String date = AMZ_DATE.format(time).substring(0, 8);
        Map<String, String> canonical = new TreeMap<>();
        headers.forEach((name, value) -> canonical.put(name.toLowerCase(Locale.ROOT), value.strip().replaceAll("\\s+", " ")));
        String signedHeaders = String.join(";", canonical.keySet());
        String scope = date + "/" + region + "/" + service + "/aws4_request";
        String request = canonicalRequest(method, uri, canonical, signedHeaders, body);
        String stringToSign = ALGORITHM + "\n" + AMZ_DATE.format(time) + "\n" + scope + "\n" + hex(sha256(request.getBytes(StandardCharsets.UTF_8)));
        String signature = hex(hmac(signingKey(date), stringToSign));
        return ALGORITHM + " Credential=" + accessKeyId + "/" + scope + ", SignedHeaders=" + signedHeaders + ", Signature=" + signature;
    }

    static String canonicalRequest(String method, URI uri, Map<String, String> canonical, String signedHeaders, byte[] body) {
        String path = uri.getRawPath() == null || uri.getRawPath().isEmpty() ? "/" : uri.getRawPath();
        String query = uri.getRawQuery() == null ? "" : Arrays.stream(uri.getRawQuery().split("&"))
                .map(pair -> pair.contains("=") ? pair : pair + "=").sorted().collect(Collectors.joining("&"));
        String headerLines = canonical.entrySet().stream().map(e -> e.getKey() + ":" + e.getValue() + "\n").collect(Collectors.joining());
        return method + "\n" + path + "\n" + query + "\n" + headerLines + "\n" + signedHeaders + "\n" + hex(sha256(body));
    }

    /** kSigning = HMAC(HMAC(HMAC(HMAC("AWS4" + secret, date), region), service), "aws4_request"). */
    byte[] signingKey(String date) {
        byte[] key = hmac(("AWS4" + secretAccessKey).getBytes(StandardCharsets.UTF_8), date);
        key = hmac(key, region);
        key = hmac(key, service);
        return hmac(key, "aws4_request");
    }

    static byte[] sha256(byte[] data) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(data);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    static String hex(byte[] bytes) {
        return HexFormat.of().formatHex(bytes);
    }

    private static byte[] hmac(byte[] key, String data) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key, "HmacSHA256"));
            return mac.doFinal(data.getBytes(StandardCharsets.UTF_8));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }
}
