package io.countersign.hook;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.Base64;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Signs a hook call the Standard Webhooks way: {@code webhook-signature: v1,<base64 of HMAC-SHA256 over
 * "<webhook-id>.<webhook-timestamp>.<body>">}, keyed with the bytes of the {@code whsec_<base64>} secret.
 */
public final class WebhookSigner {

    public static final String PREFIX = "whsec_";

    private final byte[] key;

    public WebhookSigner(String secret) {
        this.key = keyOf(secret);
    }

    /** The secret's key bytes; refuses anything that is not {@code whsec_} and the base64 of 24 to 64 bytes. */
    public static byte[] keyOf(String secret) {
        if (secret == null || !secret.startsWith(PREFIX)) {
            throw new IllegalStateException("countersign.hooks.secret must be whsec_ followed by base64");
        }
        byte[] key;
        try {
            key = Base64.getDecoder().decode(secret.substring(PREFIX.length()));
        } catch (IllegalArgumentException e) {
            throw new IllegalStateException("countersign.hooks.secret: the part after whsec_ is not base64");
        }
        if (key.length < 24 || key.length > 64) {
            throw new IllegalStateException("countersign.hooks.secret must hold 24 to 64 random bytes");
        }
        return key;
    }

    /** The {@code webhook-signature} header value. */
    public String sign(String id, long timestamp, String body) {
        return "v1," + Base64.getEncoder().encodeToString(hmac(key, id + "." + timestamp + "." + body));
    }

    static byte[] hmac(byte[] key, String content) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key, "HmacSHA256"));
            return mac.doFinal(content.getBytes(StandardCharsets.UTF_8));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }
}
