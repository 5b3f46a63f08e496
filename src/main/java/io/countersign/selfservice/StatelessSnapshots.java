package io.countersign.selfservice;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Base64;

import org.jose4j.jwa.AlgorithmConstraints;
import org.jose4j.jwe.ContentEncryptionAlgorithmIdentifiers;
import org.jose4j.jwe.JsonWebEncryption;
import org.jose4j.jwe.KeyManagementAlgorithmIdentifiers;
import org.jose4j.jws.AlgorithmIdentifiers;
import org.jose4j.jws.JsonWebSignature;
import org.jose4j.jwt.JwtClaims;
import org.jose4j.jwt.MalformedClaimException;
import org.jose4j.jwt.NumericDate;
import org.jose4j.jwt.consumer.InvalidJwtException;
import org.jose4j.jwt.consumer.JwtConsumer;
import org.jose4j.jwt.consumer.JwtConsumerBuilder;
import org.jose4j.keys.AesKey;
import org.jose4j.keys.HmacKey;
import org.jose4j.lang.JoseException;

import io.countersign.flow.Result;
import io.smallrye.mutiny.Uni;
import io.vertx.core.buffer.Buffer;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * Stateless snapshot tokens: the process state in a JWT signed with HS256 and then encrypted (JWE, {@code dir},
 * A256GCM) under keys from configuration, with an id and an expiry. The server keeps no process state; to refuse a
 * replay it keeps only the (hashed) ids of tokens already submitted, until they would have expired anyway.
 */
@ApplicationScoped
public class StatelessSnapshots implements SnapshotTokens.Mode {

    static final String SPEND = "insert into selfservice_spent (jti_hash, expires_at) values ($1, $2) on conflict do nothing";

    private static final SecureRandom RANDOM = new SecureRandom();

    private final Pool pool;
    private final SelfServiceConfig config;

    public StatelessSnapshots(Pool pool, SelfServiceConfig config) {
        this.pool = pool;
        this.config = config;
    }

    /** This mode, after checking that both keys are configured and long enough (fails start-up otherwise). */
    StatelessSnapshots checked() {
        signingKey();
        encryptionKey();
        return this;
    }

    @Override
    public Uni<String> issue(String process, byte[] state) {
        try {
            JwtClaims claims = new JwtClaims();
            byte[] id = new byte[16];
            RANDOM.nextBytes(id);
            claims.setJwtId(Base64.getUrlEncoder().withoutPadding().encodeToString(id));
            claims.setIssuedAtToNow();
            claims.setExpirationTime(NumericDate.fromMilliseconds(Instant.now().plus(config.token().lifetime()).toEpochMilli()));
            claims.setClaim("process", process);
            claims.setClaim("state", Base64.getUrlEncoder().withoutPadding().encodeToString(state));
            JsonWebSignature jws = new JsonWebSignature();
            jws.setPayload(claims.toJson());
            jws.setAlgorithmHeaderValue(AlgorithmIdentifiers.HMAC_SHA256);
            jws.setKey(signingKey());
            JsonWebEncryption jwe = new JsonWebEncryption();
            jwe.setAlgorithmHeaderValue(KeyManagementAlgorithmIdentifiers.DIRECT);
            jwe.setEncryptionMethodHeaderParameter(ContentEncryptionAlgorithmIdentifiers.AES_256_GCM);
            jwe.setContentTypeHeaderValue("JWT");
            jwe.setKey(encryptionKey());
            jwe.setPayload(jws.getCompactSerialization());
            return Uni.createFrom().item(jwe.getCompactSerialization());
        } catch (JoseException e) {
            return Uni.createFrom().failure(new IllegalStateException("cannot issue a snapshot token", e));
        }
    }

    @Override
    public Uni<SnapshotTokens.Sealed> redeem(String token) {
        JwtClaims claims;
        try {
            claims = consumer().processToClaims(token);
        } catch (InvalidJwtException e) {
            return Uni.createFrom().failure(e.hasExpired() ? SnapshotTokens.expired() : SnapshotTokens.invalid());
        }
        try {
            String process = claims.getStringClaimValue("process");
            byte[] state = Base64.getUrlDecoder().decode(claims.getStringClaimValue("state"));
            OffsetDateTime expires = OffsetDateTime.ofInstant(Instant.ofEpochSecond(claims.getExpirationTime().getValue()),
                    ZoneOffset.UTC);
            byte[] id = MessageDigest.getInstance("SHA-256").digest(claims.getJwtId().getBytes(StandardCharsets.UTF_8));
            return Result.toCompletion(pool.preparedQuery(SPEND).execute(Tuple.of(Buffer.buffer(id), expires)))
                    .map(rows -> {
                        if (rows.rowCount() == 0) {
                            throw SnapshotTokens.used();
                        }
                        return new SnapshotTokens.Sealed(process, state);
                    });
        } catch (MalformedClaimException | GeneralSecurityException | IllegalArgumentException | NullPointerException e) {
            return Uni.createFrom().failure(SnapshotTokens.invalid());
        }
    }

    private JwtConsumer consumer() {
        return new JwtConsumerBuilder()
                .setRequireExpirationTime()
                .setRequireJwtId()
                .setAllowedClockSkewInSeconds(0)
                .setDecryptionKey(encryptionKey())
                .setVerificationKey(signingKey())
                .setJwsAlgorithmConstraints(AlgorithmConstraints.ConstraintType.PERMIT, AlgorithmIdentifiers.HMAC_SHA256)
                .setJweAlgorithmConstraints(AlgorithmConstraints.ConstraintType.PERMIT, KeyManagementAlgorithmIdentifiers.DIRECT)
                .setJweContentEncryptionAlgorithmConstraints(AlgorithmConstraints.ConstraintType.PERMIT,
                        ContentEncryptionAlgorithmIdentifiers.AES_256_GCM)
                .build();
    }

    private HmacKey signingKey() {
        byte[] key = decode(config.token().signingKey().orElse(null), "signing-key");
        if (key.length < 32) {
            throw new IllegalStateException("countersign.selfservice.token.signing-key must be at least 32 bytes");
        }
        return new HmacKey(key);
    }

    private AesKey encryptionKey() {
        byte[] key = decode(config.token().encryptionKey().orElse(null), "encryption-key");
        if (key.length != 32) {
            throw new IllegalStateException("countersign.selfservice.token.encryption-key must be 32 bytes (AES-256)");
        }
        return new AesKey(key);
    }

    private static byte[] decode(String value, String name) {
        if (value == null || value.isBlank()) {
            throw new IllegalStateException("countersign.selfservice.token." + name + " is required in stateless mode");
        }
        try {
            return Base64.getDecoder().decode(value.trim());
        } catch (IllegalArgumentException e) {
            throw new IllegalStateException("countersign.selfservice.token." + name + " must be base64", e);
        }
    }
}
