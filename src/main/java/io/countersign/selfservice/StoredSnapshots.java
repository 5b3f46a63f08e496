package io.countersign.selfservice;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.time.OffsetDateTime;
import java.util.Base64;

import javax.crypto.Cipher;
import javax.crypto.Mac;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;

import io.countersign.config.CountersignConfig;
import io.countersign.flow.Result;
import io.smallrye.mutiny.Uni;
import io.vertx.core.buffer.Buffer;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * Stored snapshot tokens (the default): 256 random bits, kept only as HMAC-SHA256 under the server key, next to the
 * process state encrypted with AES-256-GCM under a key derived from the token itself, so that the table alone can
 * neither be replayed nor read. Each token is single use (one atomic statement marks it spent) and expires.
 */
@ApplicationScoped
public class StoredSnapshots implements SnapshotTokens.Mode {

    static final String INSERT = "insert into selfservice_snapshots (token_hash, process, state, expires_at) values ($1, $2, $3, $4)";

    /** Spends the token: answers whether it had been spent before, its expiry, process and state. */
    static final String SPEND = """
            with old as (select token_hash, consumed_at from selfservice_snapshots where token_hash = $1 for update)
            update selfservice_snapshots s set consumed_at = coalesce(s.consumed_at, now()) from old
            where s.token_hash = old.token_hash
            returning old.consumed_at is not null as spent, s.expires_at, s.process, s.state""";

    private static final SecureRandom RANDOM = new SecureRandom();

    private final Pool pool;
    private final SecretKeySpec key;
    private final SelfServiceConfig config;

    public StoredSnapshots(Pool pool, CountersignConfig countersign, SelfServiceConfig config) {
        this.pool = pool;
        this.key = new SecretKeySpec(countersign.tokens().hmacKey().getBytes(StandardCharsets.UTF_8), "HmacSHA256");
        this.config = config;
    }

    @Override
    public Uni<String> issue(String process, byte[] state) {
        byte[] raw = new byte[32];
        RANDOM.nextBytes(raw);
        String token = Base64.getUrlEncoder().withoutPadding().encodeToString(raw);
        byte[] sealed = seal(token, process, state);
        OffsetDateTime expires = OffsetDateTime.now().plus(config.token().lifetime());
        return Result.toCompletion(pool.preparedQuery(INSERT)
                .execute(Tuple.of(Buffer.buffer(hmac("hash:" + token)), process, Buffer.buffer(sealed), expires)).replaceWith(token));
    }

    @Override
    public Uni<SnapshotTokens.Sealed> redeem(String token) {
        return Result.toCompletion(pool.preparedQuery(SPEND).execute(Tuple.of(Buffer.buffer(hmac("hash:" + token))))).map(rows -> {
            if (rows.rowCount() == 0) {
                throw SnapshotTokens.invalid();
            }
            Row row = rows.iterator().next();
            if (row.getBoolean("spent")) {
                throw SnapshotTokens.used();
            }
            if (!row.getOffsetDateTime("expires_at").isAfter(OffsetDateTime.now())) {
                throw SnapshotTokens.expired();
            }
            String process = row.getString("process");
            return new SnapshotTokens.Sealed(process, open(token, process, row.getBuffer("state").getBytes()));
        });
    }

    private byte[] seal(String token, String process, byte[] state) {
        try {
            byte[] nonce = new byte[12];
            RANDOM.nextBytes(nonce);
            Cipher cipher = cipher(Cipher.ENCRYPT_MODE, token, process, nonce);
            byte[] encrypted = cipher.doFinal(state);
            return ByteBuffer.allocate(nonce.length + encrypted.length).put(nonce).put(encrypted).array();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("cannot encrypt a snapshot", e);
        }
    }

    private byte[] open(String token, String process, byte[] sealed) {
        try {
            byte[] nonce = java.util.Arrays.copyOfRange(sealed, 0, 12);
            return cipher(Cipher.DECRYPT_MODE, token, process, nonce).doFinal(sealed, 12, sealed.length - 12);
        } catch (GeneralSecurityException e) {
            throw SnapshotTokens.invalid();
        }
    }

    private Cipher cipher(int mode, String token, String process, byte[] nonce) throws GeneralSecurityException {
        Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
        cipher.init(mode, new SecretKeySpec(hmac("state:" + token), "AES"), new GCMParameterSpec(128, nonce));
        cipher.updateAAD(process.getBytes(StandardCharsets.UTF_8));
        return cipher;
    }

    private byte[] hmac(String input) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(key);
            return mac.doFinal(("selfservice:" + input).getBytes(StandardCharsets.UTF_8));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }
}
