package io.countersign.event;

/**
 * An encrypted {@link SecretPayload}: AES-256-GCM, 128-bit tag, the user id (UTF-8) as additional
 * authenticated data. All binary fields are base64url without padding.
 *
 * @param keyId      which configured key encrypted it (keys rotate; old ones stay for decryption)
 * @param alg        always {@code A256GCM}
 * @param iv         the 96-bit nonce
 * @param ciphertext ciphertext followed by the tag
 */
public record SealedSecret(String keyId, String alg, String iv, String ciphertext) {

    public static final String ALG = "A256GCM";
}
