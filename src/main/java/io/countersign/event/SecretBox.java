package io.countersign.event;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.HashMap;
import java.util.Map;

import javax.crypto.Cipher;
import javax.crypto.SecretKey;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;

import jakarta.enterprise.context.ApplicationScoped;

/** Seals and opens {@link SecretPayload}s with AES-256-GCM (see {@link SealedSecret}). */
@ApplicationScoped
public class SecretBox {

    private static final int TAG_BITS = 128;
    private static final int IV_BYTES = 12;

    private final SecureRandom random = new SecureRandom();
    private final Map<String, SecretKey> keys = new HashMap<>();
    private final String activeKeyId;
    private final ObjectMapper json;

    public SecretBox(EventCryptoConfig config, ObjectMapper json) {
        this.json = json;
        this.activeKeyId = config.activeKeyId();
        config.keys().forEach((id, encoded) -> keys.put(id, decodeKey(id, encoded)));
        if (!keys.containsKey(activeKeyId)) {
            throw new IllegalStateException("countersign.events.active-key-id '" + activeKeyId
                    + "' names no key in countersign.events.keys");
        }
    }

    public SealedSecret seal(SecretPayload payload, String userId) {
        try {
            byte[] iv = new byte[IV_BYTES];
            random.nextBytes(iv);
            Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
            cipher.init(Cipher.ENCRYPT_MODE, keys.get(activeKeyId), new GCMParameterSpec(TAG_BITS, iv));
            cipher.updateAAD(userId.getBytes(StandardCharsets.UTF_8));
            byte[] sealed = cipher.doFinal(json.writeValueAsBytes(payload));
            Base64.Encoder b64 = Base64.getUrlEncoder().withoutPadding();
            return new SealedSecret(activeKeyId, SealedSecret.ALG, b64.encodeToString(iv), b64.encodeToString(sealed));
        } catch (GeneralSecurityException | JsonProcessingException e) {
            throw new IllegalStateException("cannot seal a notification secret", e);
        }
    }

    /** @throws IllegalArgumentException when the key is unknown or the ciphertext was altered */
    public SecretPayload open(SealedSecret sealed, String userId) {
        SecretKey key = keys.get(sealed.keyId());
        if (key == null || !SealedSecret.ALG.equals(sealed.alg())) {
            throw new IllegalArgumentException("unknown key id or algorithm");
        }
        try {
            Base64.Decoder b64 = Base64.getUrlDecoder();
            Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
            cipher.init(Cipher.DECRYPT_MODE, key, new GCMParameterSpec(TAG_BITS, b64.decode(sealed.iv())));
            cipher.updateAAD(userId.getBytes(StandardCharsets.UTF_8));
            return json.readValue(cipher.doFinal(b64.decode(sealed.ciphertext())), SecretPayload.class);
        } catch (GeneralSecurityException | java.io.IOException | IllegalArgumentException e) {
            throw new IllegalArgumentException("the sealed secret cannot be opened", e);
        }
    }

    private static SecretKey decodeKey(String id, String encoded) {
        byte[] raw;
        try {
            raw = encoded.contains("-") || encoded.contains("_")
                    ? Base64.getUrlDecoder().decode(encoded.trim())
                    : Base64.getDecoder().decode(encoded.trim());
        } catch (IllegalArgumentException e) {
            throw new IllegalStateException("countersign.events.keys." + id + " is not base64");
        }
        if (raw.length != 32) {
            throw new IllegalStateException("countersign.events.keys." + id + " must be 32 bytes (AES-256)");
        }
        return new SecretKeySpec(raw, "AES");
    }
}
