package io.countersign.challenge;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.Locale;
import java.util.UUID;
import java.util.regex.Pattern;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

import io.countersign.config.CountersignConfig;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * Makes and checks tokens. A long token is {@code <selector>.<verifier>}: the selector (96 random bits) finds the
 * row, the verifier ({@code long-token-bytes} random bytes) is kept only as HMAC-SHA256 under the server key. A
 * short code is uniformly random and kept as an HMAC bound to the user and the purpose.
 */
@ApplicationScoped
public class TokenCodec {

    private static final int SELECTOR_BYTES = 12;
    private static final Pattern LONG_TOKEN = Pattern.compile("^[A-Za-z0-9_-]{16}\\.[A-Za-z0-9_-]{22,200}$");
    private static final String ALPHANUMERIC = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789";

    private final SecureRandom random = new SecureRandom();
    private final SecretKeySpec key;
    private final int verifierBytes;
    private final int codeLength;
    private final boolean codeDigits;

    public TokenCodec(CountersignConfig config) {
        CountersignConfig.Tokens tokens = config.tokens();
        byte[] raw = tokens.hmacKey().getBytes(StandardCharsets.UTF_8);
        if (raw.length < 32) {
            throw new IllegalStateException("countersign.tokens.hmac-key must be at least 32 bytes");
        }
        this.key = new SecretKeySpec(raw, "HmacSHA256");
        this.verifierBytes = Math.max(16, tokens.longTokenBytes());
        this.codeLength = Math.max(4, tokens.shortTokenLen());
        this.codeDigits = tokens.shortTokenDigits();
    }

    /** A long token split into its two halves. */
    public record LongToken(String selector, String verifier) {

        public String value() {
            return selector + "." + verifier;
        }
    }

    public LongToken newLongToken() {
        return new LongToken(randomUrlSafe(SELECTOR_BYTES), randomUrlSafe(verifierBytes));
    }

    /** @return whether the token has the form of a long (link) token; says nothing of whether it is valid */
    public static boolean wellFormed(String token) {
        return token != null && token.length() <= 260 && LONG_TOKEN.matcher(token).matches();
    }

    /** @return the parsed token, or null when it is not of the right form */
    public LongToken parse(String token) {
        if (!wellFormed(token)) {
            return null;
        }
        int dot = token.indexOf('.');
        return new LongToken(token.substring(0, dot), token.substring(dot + 1));
    }

    public String newCode() {
        StringBuilder code = new StringBuilder(codeLength);
        for (int i = 0; i < codeLength; i++) {
            code.append(codeDigits ? (char) ('0' + random.nextInt(10)) : ALPHANUMERIC.charAt(random.nextInt(ALPHANUMERIC.length())));
        }
        return code.toString();
    }

    public byte[] verifierHash(String verifier) {
        return hmac("v1:" + verifier);
    }

    public byte[] codeHash(Purpose purpose, UUID userId, String code) {
        String normalised = code == null ? "" : code.strip().toUpperCase(Locale.ROOT);
        return hmac("c1:" + purpose.dbValue() + ":" + userId + ":" + normalised);
    }

    /** Constant-time comparison. */
    public static boolean same(byte[] a, byte[] b) {
        return a != null && b != null && MessageDigest.isEqual(a, b);
    }

    private byte[] hmac(String input) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(key);
            return mac.doFinal(input.getBytes(StandardCharsets.UTF_8));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    private String randomUrlSafe(int bytes) {
        byte[] b = new byte[bytes];
        random.nextBytes(b);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(b);
    }
}
