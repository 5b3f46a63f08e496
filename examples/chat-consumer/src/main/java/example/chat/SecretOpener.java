package example.chat;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.Base64;
import java.util.HashMap;
import java.util.Map;

import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * Opens the {@code secret} of a notification event exactly as docs/events.md ("Sealed secrets") describes:
 * AES-256-GCM with a 128-bit tag and a 96-bit IV, the key named by {@code keyId}, the {@code userId} (UTF-8) as
 * additional authenticated data, every binary field base64url without padding; the plaintext is JSON
 * {@code {"token": ..., "code": ...}}.
 */
public final class SecretOpener {

    /** The plain secrets. Never log them. */
    public record Secret(String token, String code) {
    }

    private final Map<String, byte[]> keys = new HashMap<>();
    private final ObjectMapper json = new ObjectMapper();

    /** @param keys key id → base64 (standard or URL-safe) of 32 bytes */
    public SecretOpener(Map<String, String> keys) {
        keys.forEach((id, encoded) -> {
            byte[] raw = encoded.contains("-") || encoded.contains("_") ? Base64.getUrlDecoder().decode(encoded)
                    : Base64.getDecoder().decode(encoded);
            if (raw.length != 32) {
                throw new IllegalArgumentException("event key " + id + " is not 32 bytes");
            }
            this.keys.put(id, raw);
        });
    }

    /** @throws UnopenableSecret when the key is unknown, the algorithm is not A256GCM or the data was altered */
    public Secret open(JsonNode secret, String userId) {
        byte[] key = keys.get(secret.path("keyId").asText());
        if (key == null) {
            throw new UnopenableSecret("unknown key id");
        }
        if (!"A256GCM".equals(secret.path("alg").asText())) {
            throw new UnopenableSecret("unsupported algorithm");
        }
        try {
            Base64.Decoder b64 = Base64.getUrlDecoder();
            Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
            cipher.init(Cipher.DECRYPT_MODE, new SecretKeySpec(key, "AES"),
                    new GCMParameterSpec(128, b64.decode(secret.path("iv").asText())));
            cipher.updateAAD(userId.getBytes(StandardCharsets.UTF_8));
            JsonNode plain = json.readTree(cipher.doFinal(b64.decode(secret.path("ciphertext").asText())));
            return new Secret(text(plain, "token"), text(plain, "code"));
        } catch (GeneralSecurityException | IllegalArgumentException | java.io.IOException e) {
            throw new UnopenableSecret("the secret cannot be opened (wrong key, other user or altered)");
        }
    }

    private static String text(JsonNode node, String field) {
        JsonNode value = node.get(field);
        return value == null || value.isNull() ? null : value.asText();
    }

    /** A secret this consumer cannot open: never worth a retry. */
    public static final class UnopenableSecret extends RuntimeException {
        UnopenableSecret(String message) {
            super(message);
        }
    }
}
