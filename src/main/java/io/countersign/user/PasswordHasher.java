package io.countersign.user;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;

import io.countersign.config.CountersignConfig;
import io.quarkus.elytron.security.common.BcryptUtil;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.core.Vertx;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * bcrypt password hashing, always off the event loop. bcrypt reads at most 72 bytes, so every new password is
 * first reduced to base64(SHA-256(password)) (44 ASCII bytes): a long password counts in full instead of being
 * truncated. Such hashes carry the prefix {@value #PREHASHED}; plain {@code $2a$/$2b$/$2y$} hashes (imported
 * from feathers-authentication-management) are still verified as they are.
 */
@ApplicationScoped
@io.quarkus.runtime.Startup
public class PasswordHasher {

    static final String PREHASHED = "$cs1$";

    private final Vertx vertx;
    private final int cost;
    /** A real hash to compare against when there is no user, so that "no such user" costs the same time. */
    private final String decoy;

    public PasswordHasher(Vertx vertx, CountersignConfig config) {
        this.vertx = vertx;
        this.cost = config.passwords().bcryptCost();
        this.decoy = PREHASHED + BcryptUtil.bcryptHash(prehash("decoy password"), cost);
    }

    public Uni<String> hash(String password) {
        return vertx.executeBlocking(Uni.createFrom().item(() -> PREHASHED + BcryptUtil.bcryptHash(prehash(password), cost)), false);
    }

    /** True when the password matches; a null or malformed hash never matches (but costs the same time). */
    public Uni<Boolean> matches(String password, String hash) {
        return vertx.executeBlocking(Uni.createFrom().item(() -> check(password, hash)), false);
    }

    private boolean check(String password, String hash) {
        if (password == null || hash == null) {
            check("decoy", decoy);
            return false;
        }
        try {
            if (hash.startsWith(PREHASHED)) {
                return BcryptUtil.matches(prehash(password), hash.substring(PREHASHED.length()));
            }
            return BcryptUtil.matches(password, hash.replaceFirst("^\\$2[by]\\$", "\\$2a\\$"));
        } catch (RuntimeException malformed) {
            return false;
        }
    }

    static String prehash(String password) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(password.getBytes(StandardCharsets.UTF_8));
            return Base64.getEncoder().encodeToString(digest);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
