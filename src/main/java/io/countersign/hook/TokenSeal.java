package io.countersign.hook;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.Map;

import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * Seals the secrets of a hook call ({@code {"tokenId","token","code"}} as JSON) with AES-256-GCM: key = HMAC-SHA256
 * keyed with the webhook secret's bytes over {@code "countersign-hook-seal-v1"}, a random 12-byte IV, the account id
 * as additional data. On the wire: {@code {"alg":"A256GCM","iv":<base64url>,"ciphertext":<base64url, tag appended>}}.
 * A receiver that logs bodies, or a queue in between, then holds no usable token.
 */
final class TokenSeal {

    static final String ALG = "A256GCM";
    static final String KEY_LABEL = "countersign-hook-seal-v1";

    private final SecureRandom random = new SecureRandom();
    private final SecretKeySpec key;

    TokenSeal(byte[] secretKey) {
        this.key = new SecretKeySpec(WebhookSigner.hmac(secretKey, KEY_LABEL), "AES");
    }

    Map<String, String> seal(String plainJson, String accountId) {
        try {
            byte[] iv = new byte[12];
            random.nextBytes(iv);
            Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
            cipher.init(Cipher.ENCRYPT_MODE, key, new GCMParameterSpec(128, iv));
            cipher.updateAAD(accountId.getBytes(StandardCharsets.UTF_8));
            byte[] sealed = cipher.doFinal(plainJson.getBytes(StandardCharsets.UTF_8));
            Base64.Encoder b64 = Base64.getUrlEncoder().withoutPadding();
            return Map.of("alg", ALG, "iv", b64.encodeToString(iv), "ciphertext", b64.encodeToString(sealed));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("cannot seal a hook token", e);
        }
    }
}
