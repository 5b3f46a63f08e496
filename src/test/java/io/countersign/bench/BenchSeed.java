package io.countersign.bench;

import java.io.BufferedWriter;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.OffsetDateTime;
import java.util.Base64;
import java.util.HexFormat;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import java.util.stream.IntStream;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

import org.postgresql.PGConnection;
import org.postgresql.copy.CopyIn;

import io.quarkus.elytron.security.common.BcryptUtil;

/**
 * Seeds the benchmark databases with COPY: N users for Countersign (and the same N for the reference peer), with
 * live challenges pre-issued exactly as the application would issue them (selector + HMAC of the verifier under
 * the run's {@code TOKEN_HMAC_KEY}), and writes the plain link tokens, one per line, for the wrk scripts.
 *
 * <p>User {@code i} (0-based) is {@code u<i>@bench.example}; its group is {@code i % 10}:
 * <pre>
 *   0     verified   login, checkUnique (taken e-mail)
 *   1     verified   forgot password
 *   2     verified   reset by link      (live reset challenge)
 *   3..6  unverified verify by link     (live verify challenge)
 *   7     unverified resend verification (live verify challenge)
 *   8, 9  verified   notification latency (forgot password at a fixed rate, each user once)
 * </pre>
 * Every user has the same password ({@link #PASSWORD}), hashed once at the configured bcrypt cost: Countersign's
 * {@code $cs1$} form (bcrypt over base64(SHA-256(password))), the peer's plain bcrypt.
 *
 * <p>System properties: {@code bench.db} (JDBC URL of Countersign's database), {@code bench.peer-db} (optional),
 * {@code bench.users}, {@code bench.bcrypt-cost}, environment {@code BENCH_HMAC_KEY}, {@code bench.out} (token directory),
 * {@code bench.max-tokens} (tokens written per file), {@code bench.peer-reset-tokens} (peer reset tokens are
 * bcrypt hashes, so only this many are made).
 */
public final class BenchSeed {

    static final String PASSWORD = "bench password 2026";
    private static final long UUID_HIGH = 0x62656e6368000000L; // "bench"
    private static final HexFormat HEX = HexFormat.of();
    private static final SecureRandom RANDOM = new SecureRandom();

    private final int users;
    private final int cost;
    private final SecretKeySpec hmacKey;
    private final Path out;
    private final int maxTokens;

    private BenchSeed(int users, int cost, String hmacKey, Path out, int maxTokens) {
        this.users = users;
        this.cost = cost;
        this.hmacKey = new SecretKeySpec(hmacKey.getBytes(StandardCharsets.UTF_8), "HmacSHA256");
        this.out = out;
        this.maxTokens = maxTokens;
    }

    public static void main(String[] args) throws Exception {
        BenchSeed seed = new BenchSeed(Integer.getInteger("bench.users", 10_000), Integer.getInteger("bench.bcrypt-cost", 10),
                System.getenv("BENCH_HMAC_KEY"), Path.of(System.getProperty("bench.out")),
                Integer.getInteger("bench.max-tokens", 200_000));
        Files.createDirectories(seed.out);
        long t0 = System.nanoTime();
        try (Connection db = DriverManager.getConnection(System.getProperty("bench.db"))) {
            seed.seedCountersign(db);
        }
        System.out.printf("[seed] countersign: %,d users in %d ms%n", seed.users, (System.nanoTime() - t0) / 1_000_000);
        String peerDb = System.getProperty("bench.peer-db", "");
        if (!peerDb.isBlank()) {
            long t1 = System.nanoTime();
            try (Connection db = DriverManager.getConnection(peerDb)) {
                seed.seedPeer(db, Integer.getInteger("bench.peer-reset-tokens", 150));
            }
            System.out.printf("[seed] peer: %,d users in %d ms%n", seed.users, (System.nanoTime() - t1) / 1_000_000);
        }
    }

    static UUID userId(int i) {
        return new UUID(UUID_HIGH, i);
    }

    static int group(int i) {
        return i % 10;
    }

    static boolean verified(int i) {
        int g = group(i);
        return g <= 2 || g >= 8;
    }

    private void seedCountersign(Connection db) throws SQLException, IOException, GeneralSecurityException {
        String hash = "$cs1$" + BcryptUtil.bcryptHash(prehash(PASSWORD), cost);
        try (Statement s = db.createStatement()) {
            s.execute("truncate users, challenges, outbox, audit_log, rate_limits, processed_events cascade");
        }
        PGConnection pg = db.unwrap(PGConnection.class);
        try (Copy users = new Copy(pg, "copy users (id, email, password_hash, is_verified) from stdin")) {
            for (int i = 0; i < this.users; i++) {
                users.row(userId(i) + "\t" + email(i) + "\t" + hash + "\t" + (verified(i) ? "t" : "f"));
            }
        }
        Map<String, Integer> written = new TreeMap<>();
        String expires = OffsetDateTime.now().plusDays(2).toString();
        String created = OffsetDateTime.now().minusMinutes(10).toString();
        try (Copy challenges = new Copy(pg, "copy challenges (id, user_id, purpose, selector, verifier_hash, code_hash, "
                + "attempts_left, code_attempts_left, expires_at, created_at) from stdin");
                BufferedWriter verify = Files.newBufferedWriter(out.resolve("cs-verify.txt"));
                BufferedWriter reset = Files.newBufferedWriter(out.resolve("cs-reset.txt"))) {
            for (int i = 0; i < this.users; i++) {
                int g = group(i);
                String purpose = g == 2 ? "reset" : g >= 3 && g <= 7 ? "verify" : null;
                if (purpose == null) {
                    continue;
                }
                String selector = randomUrlSafe(12);
                String verifier = randomUrlSafe(32);
                UUID user = userId(i);
                challenges.row(UUID.randomUUID() + "\t" + user + "\t" + purpose + "\t" + selector + "\t"
                        + bytea(hmac("v1:" + verifier)) + "\t" + bytea(hmac("c1:" + purpose + ":" + user + ":000000"))
                        + "\t5\t5\t" + expires + "\t" + created);
                BufferedWriter file = g == 2 ? reset : g <= 6 ? verify : null;
                String name = g == 2 ? "reset" : "verify";
                if (file != null && written.getOrDefault(name, 0) < maxTokens) {
                    file.write(selector + "." + verifier + "\n");
                    written.merge(name, 1, Integer::sum);
                }
            }
        }
        try (Statement s = db.createStatement()) {
            s.execute("vacuum analyze users");
            s.execute("vacuum analyze challenges");
        }
        System.out.println("[seed] countersign tokens written: " + written);
    }

    private void seedPeer(Connection db, int resetTokens) throws SQLException, IOException {
        String hash = BcryptUtil.bcryptHash(PASSWORD, cost);
        try (Statement s = db.createStatement()) {
            // the same table the peer's server.js creates with knex when it is absent
            s.execute("""
                    create table if not exists users (id serial primary key, email text, username text, cellphone text,
                      password text, "isVerified" boolean, "verifyToken" text, "verifyShortToken" text,
                      "verifyExpires" bigint, "verifyChanges" jsonb, "resetToken" text, "resetShortToken" text,
                      "resetExpires" bigint, "resetAttempts" integer)""");
            s.execute("create index if not exists users_email_index on users (email)");
            s.execute("create index if not exists users_verifytoken_index on users (\"verifyToken\")");
            s.execute("truncate users restart identity");
        }
        // peer reset tokens are bcrypt hashes of "<id>___<hex>": only a limited number, hashed in parallel
        int[] resetUsers = IntStream.range(0, users).filter(i -> group(i) == 2).limit(resetTokens).toArray();
        String[] plainReset = new String[resetUsers.length];
        String[] hashedReset = new String[resetUsers.length];
        IntStream.range(0, resetUsers.length).parallel().forEach(k -> {
            plainReset[k] = (resetUsers[k] + 1) + "___" + randomHex(15);
            hashedReset[k] = BcryptUtil.bcryptHash(plainReset[k], cost);
        });
        long now = System.currentTimeMillis();
        int verifyWritten = 0;
        PGConnection pg = db.unwrap(PGConnection.class);
        try (Copy rows = new Copy(pg, "copy users (id, email, password, \"isVerified\", \"verifyToken\", \"verifyShortToken\", "
                + "\"verifyExpires\", \"verifyChanges\", \"resetToken\", \"resetExpires\", \"resetAttempts\") from stdin");
                BufferedWriter verify = Files.newBufferedWriter(out.resolve("peer-verify.txt"));
                BufferedWriter reset = Files.newBufferedWriter(out.resolve("peer-reset.txt"))) {
            int nextReset = 0;
            for (int i = 0; i < users; i++) {
                int g = group(i);
                String verifyToken = "\\N";
                String verifyShort = "\\N";
                String verifyExpires = "\\N";
                if (!verified(i)) {
                    verifyToken = randomHex(15);
                    verifyShort = "123456";
                    verifyExpires = String.valueOf(now + 2 * 86_400_000L);
                    if (g <= 6 && verifyWritten < maxTokens) {
                        verify.write(verifyToken + "\n");
                        verifyWritten++;
                    }
                }
                String resetToken = "\\N";
                String resetExpires = "\\N";
                String resetAttempts = "\\N";
                if (nextReset < resetUsers.length && resetUsers[nextReset] == i) {
                    resetToken = hashedReset[nextReset];
                    resetExpires = String.valueOf(now + 2 * 86_400_000L);
                    resetAttempts = "5";
                    reset.write(plainReset[nextReset] + "\n");
                    nextReset++;
                }
                rows.row((i + 1) + "\t" + email(i) + "\t" + hash + "\t" + (verified(i) ? "t" : "f") + "\t" + verifyToken
                        + "\t" + verifyShort + "\t" + verifyExpires + "\t{}\t" + resetToken + "\t" + resetExpires + "\t" + resetAttempts);
            }
        }
        try (Statement s = db.createStatement()) {
            s.execute("select setval(pg_get_serial_sequence('users','id'), " + Math.max(1, users) + ")");
            s.execute("vacuum analyze users");
        }
        System.out.println("[seed] peer tokens written: verify=" + verifyWritten + ", reset=" + resetUsers.length);
    }

    static String email(int i) {
        return "u" + i + "@bench.example";
    }

    static String prehash(String password) throws GeneralSecurityException {
        return Base64.getEncoder().encodeToString(MessageDigest.getInstance("SHA-256").digest(password.getBytes(StandardCharsets.UTF_8)));
    }

    private byte[] hmac(String input) throws GeneralSecurityException {
        Mac mac = Mac.getInstance("HmacSHA256");
        mac.init(hmacKey);
        return mac.doFinal(input.getBytes(StandardCharsets.UTF_8));
    }

    private static String bytea(byte[] bytes) {
        return "\\\\x" + HEX.formatHex(bytes);
    }

    private static String randomUrlSafe(int bytes) {
        byte[] b = new byte[bytes];
        RANDOM.nextBytes(b);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(b);
    }

    private static String randomHex(int bytes) {
        byte[] b = new byte[bytes];
        RANDOM.nextBytes(b);
        return HEX.formatHex(b);
    }

    /** Streams rows (COPY text format, one line each) to the server in chunks of about 1 MB. */
    private static final class Copy implements AutoCloseable {

        private final CopyIn copy;
        private final StringBuilder buffer = new StringBuilder(1 << 20);

        Copy(PGConnection pg, String sql) throws SQLException {
            this.copy = pg.getCopyAPI().copyIn(sql);
        }

        void row(String line) throws SQLException {
            buffer.append(line).append('\n');
            if (buffer.length() >= 1 << 20) {
                flush();
            }
        }

        private void flush() throws SQLException {
            byte[] bytes = buffer.toString().getBytes(StandardCharsets.UTF_8);
            copy.writeToCopy(bytes, 0, bytes.length);
            buffer.setLength(0);
        }

        @Override
        public void close() throws SQLException {
            flush();
            copy.endCopy();
        }
    }
}
