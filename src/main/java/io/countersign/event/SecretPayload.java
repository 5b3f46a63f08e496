package io.countersign.event;

/**
 * The plain secrets of a notification, present only inside a {@link SealedSecret}.
 *
 * @param token long link token ({@code selector.verifier}), or null
 * @param code  short code, or null
 */
public record SecretPayload(String token, String code) {
}
