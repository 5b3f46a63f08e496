package io.countersign.pages;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Base64;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

import io.countersign.config.CountersignConfig;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * CSRF protection of every page form: a signed double submit. The browser holds a random secret in the
 * {@value #COOKIE} cookie (HttpOnly, SameSite=Strict, path {@code /pages}); each form carries
 * HMAC-SHA256(key, secret) in its {@code csrf} field. A POST is accepted only when the field matches the
 * cookie's MAC: another site can neither read the cookie nor compute the MAC, and a cookie planted from a
 * sibling domain is useless without the key. The key is derived from {@code countersign.tokens.hmac-key}, so
 * there is no new secret to manage and every instance agrees.
 */
@ApplicationScoped
public class PageCsrf {

    static final String COOKIE = "cs_csrf";
    static final String FIELD = "csrf";
    private static final int MAX_LENGTH = 100;

    private final SecureRandom random = new SecureRandom();
    private final SecretKeySpec key;

    public PageCsrf(CountersignConfig config) {
        byte[] base = config.tokens().hmacKey().getBytes(StandardCharsets.UTF_8);
        this.key = new SecretKeySpec(mac(new SecretKeySpec(base, "HmacSHA256"), "countersign/pages/csrf/v1"), "HmacSHA256");
    }

    public String newSecret() {
        byte[] bytes = new byte[32];
        random.nextBytes(bytes);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }

    /** The value a form carries for this cookie secret. */
    public String formToken(String secret) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(mac(key, secret));
    }

    /** Whether a form's token belongs to the cookie secret (constant-time comparison). */
    public boolean valid(String secret, String formToken) {
        if (secret == null || formToken == null || secret.isEmpty() || secret.length() > MAX_LENGTH
                || formToken.length() > MAX_LENGTH) {
            return false;
        }
        return MessageDigest.isEqual(formToken(secret).getBytes(StandardCharsets.US_ASCII),
                formToken.getBytes(StandardCharsets.US_ASCII));
    }

    private static byte[] mac(SecretKeySpec key, String value) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(key);
            return mac.doFinal(value.getBytes(StandardCharsets.UTF_8));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }
}
