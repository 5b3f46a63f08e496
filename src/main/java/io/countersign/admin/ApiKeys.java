package io.countersign.admin;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.time.OffsetDateTime;
import java.util.Base64;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.function.Supplier;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

import io.countersign.audit.Actor;
import io.countersign.audit.Audit;
import io.countersign.config.CountersignConfig;
import io.countersign.error.ErrorCode;
import io.countersign.error.FlowException;
import io.countersign.flow.Result;
import io.countersign.user.AdminConfig;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * API keys of machines that administer Countersign: {@value #PREFIX} and 32 random bytes (base64url), shown once;
 * stored as HMAC-SHA256 under {@code countersign.tokens.hmac-key}, like every other Countersign secret. Creating,
 * revoking and every use are recorded (the audit, {@code last_used_at}).
 */
@ApplicationScoped
public class ApiKeys {

    static final String PREFIX = "csk_";
    static final String BOOTSTRAP_ID = "bootstrap";
    private static final int MAX_KEY_LENGTH = 200;

    /** A key just created: its record and the key itself, which is not kept. */
    public record Created(ApiKey key, String secret) {
    }

    private final ApiKeyRepository keys;
    private final Audit audit;
    private final byte[] hmacKey;
    private final byte[] bootstrapHash;
    private final SecureRandom random = new SecureRandom();

    public ApiKeys(ApiKeyRepository keys, Audit audit, CountersignConfig config, AdminConfig admins) {
        this.keys = keys;
        this.audit = audit;
        this.hmacKey = config.tokens().hmacKey().getBytes(StandardCharsets.UTF_8);
        String bootstrap = admins.bootstrapKey().filter(k -> !k.isBlank()).orElse(null);
        if (bootstrap != null && bootstrap.length() < 32) {
            throw new IllegalStateException("countersign.admin.bootstrap-key must be at least 32 characters");
        }
        this.bootstrapHash = bootstrap == null ? null : hash(bootstrap);
    }

    /** The administrator this key stands for; {@code unauthenticated} for an unknown or revoked key. */
    public Uni<Admin> authenticate(String presented) {
        if (presented.isBlank() || presented.length() > MAX_KEY_LENGTH) {
            return Uni.createFrom().failure(unauthenticated());
        }
        byte[] hash = hash(presented);
        if (bootstrapHash != null && MessageDigest.isEqual(bootstrapHash, hash)) {
            return Uni.createFrom().item(new Admin(Actor.key(BOOTSTRAP_ID), EnumSet.allOf(AdminScope.class)));
        }
        return inTransaction(() -> keys.findLive(hash)
                .onItem().ifNull().failWith(ApiKeys::unauthenticated)
                .call(key -> keys.touch(key.id, OffsetDateTime.now()))
                .map(key -> new Admin(Actor.key(key.id), AdminScope.parse(key.scopes))));
    }

    /** Creates a key with the scopes; the answer carries the key, shown this once. */
    public Uni<Created> create(String name, Set<AdminScope> scopes, Actor by) {
        byte[] bytes = new byte[32];
        random.nextBytes(bytes);
        String secret = PREFIX + Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
        ApiKey key = new ApiKey();
        key.id = UUID.randomUUID();
        key.name = name.strip();
        key.scopes = AdminScope.stored(scopes);
        key.keyHash = hash(secret);
        key.createdAt = OffsetDateTime.now();
        key.createdBy = by.toString();
        return inTransaction(() -> keys.persist(key)
                .call(() -> audit.recordAdmin(by, "api_key_created", null, Map.of("key", key.id.toString(), "scopes", key.scopes)))
                .replaceWith(new Created(key, secret)));
    }

    /** Every key, newest first. */
    public Uni<List<ApiKey>> list(Actor by) {
        return inTransaction(() -> keys.all().call(() -> audit.recordAdmin(by, "api_keys_read", null, null)));
    }

    /** Revokes the key (at once: its next use is refused); revoking a revoked key changes nothing. */
    public Uni<Void> revoke(UUID id, Actor by) {
        return inTransaction(() -> keys.findById(id)
                .onItem().ifNull().failWith(() -> new FlowException(ErrorCode.NOT_FOUND, "No such API key."))
                .chain(key -> {
                    boolean already = key.revokedAt != null;
                    if (!already) {
                        key.revokedAt = OffsetDateTime.now();
                        key.revokedBy = by.toString();
                    }
                    return audit.recordAdmin(by, "api_key_revoked", null, Map.of("key", id.toString(), "alreadyRevoked", already));
                }));
    }

    private byte[] hash(String key) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(hmacKey, "HmacSHA256"));
            return mac.doFinal(("admin-key-v1:" + key).getBytes(StandardCharsets.UTF_8));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    private static <T> Uni<T> inTransaction(Supplier<Uni<T>> work) {
        return Result.toCompletion(Panache.withTransaction(work));
    }

    static FlowException unauthenticated() {
        return new FlowException(ErrorCode.UNAUTHENTICATED, "Not a valid API key.");
    }
}
