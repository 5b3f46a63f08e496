package io.countersign.feedback;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.MessageDigest;
import java.security.PublicKey;
import java.security.Signature;
import java.security.spec.X509EncodedKeySpec;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * The signature checks of the webhooks that sign with a shared key: SendGrid's Event Webhook (ECDSA P-256 with
 * SHA-256 over timestamp + payload, base64 DER signature) and Standard Webhooks (HMAC-SHA256 over
 * {@code id.timestamp.payload}, {@code v1,<base64>} entries). Every check is over the raw bytes received and
 * compares in constant time; a stale timestamp fails (a replay).
 */
final class WebhookSignatures {

    private WebhookSignatures() {
    }

    /** SendGrid: {@code X-Twilio-Email-Event-Webhook-Signature} over {@code X-Twilio-Email-Event-Webhook-Timestamp} + body. */
    static boolean sendGrid(PublicKey key, String timestamp, String signature, byte[] body, Instant now, Duration tolerance) {
        if (timestamp == null || signature == null || !fresh(timestamp, now, tolerance)) {
            return false;
        }
        try {
            Signature verifier = Signature.getInstance("SHA256withECDSA");
            verifier.initVerify(key);
            verifier.update(timestamp.getBytes(StandardCharsets.UTF_8));
            verifier.update(body);
            return verifier.verify(Base64.getDecoder().decode(signature.strip()));
        } catch (GeneralSecurityException | IllegalArgumentException e) {
            return false;
        }
    }

    /** The SendGrid verification key as shown in its settings: base64 of the DER SubjectPublicKeyInfo. */
    static PublicKey ecPublicKey(String base64) {
        try {
            return KeyFactory.getInstance("EC").generatePublic(new X509EncodedKeySpec(Base64.getDecoder().decode(base64.strip())));
        } catch (GeneralSecurityException | IllegalArgumentException e) {
            throw new IllegalStateException("countersign.feedback.sendgrid.public-key is not a base64 EC public key");
        }
    }

    /** Standard Webhooks: one of the space-separated {@code v1,<base64>} entries must match. */
    static boolean standard(String secret, String id, String timestamp, String signatures, byte[] body, Instant now,
            Duration tolerance) {
        if (id == null || timestamp == null || signatures == null || !fresh(timestamp, now, tolerance)) {
            return false;
        }
        byte[] expected;
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(standardKey(secret), "HmacSHA256"));
            mac.update((id + "." + timestamp + ".").getBytes(StandardCharsets.UTF_8));
            expected = mac.doFinal(body);
        } catch (GeneralSecurityException e) {
            return false;
        }
        for (String entry : signatures.strip().split(" ")) {
            int comma = entry.indexOf(',');
            if (comma > 0 && entry.substring(0, comma).equals("v1")) {
                try {
                    if (MessageDigest.isEqual(expected, Base64.getDecoder().decode(entry.substring(comma + 1)))) {
                        return true;
                    }
                } catch (IllegalArgumentException e) {
                    // not base64: try the next entry
                }
            }
        }
        return false;
    }

    static byte[] standardKey(String secret) {
        String value = secret.strip();
        try {
            return Base64.getDecoder().decode(value.startsWith("whsec_") ? value.substring(6) : value);
        } catch (IllegalArgumentException e) {
            throw new IllegalStateException("countersign.feedback.generic.secret must be whsec_ and base64");
        }
    }

    /** Equal strings, in constant time (for shared secrets). */
    static boolean same(String given, String expected) {
        return given != null && expected != null
                && MessageDigest.isEqual(given.getBytes(StandardCharsets.UTF_8), expected.getBytes(StandardCharsets.UTF_8));
    }

    private static boolean fresh(String timestamp, Instant now, Duration tolerance) {
        try {
            long seconds = Long.parseLong(timestamp.strip());
            return Math.abs(now.getEpochSecond() - seconds) <= tolerance.toSeconds();
        } catch (NumberFormatException e) {
            return false;
        }
    }
}
