package io.countersign.security;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.Test;

import io.countersign.testing.Infra;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import io.vertx.mutiny.core.Vertx;
import io.vertx.mutiny.pgclient.PgPool;
import io.vertx.pgclient.PgConnectOptions;
import io.vertx.sqlclient.PoolOptions;

/**
 * Rate limits over HTTP, with low limits and a trusted proxy so that each test can call from its own
 * {@code X-Forwarded-For} address. The counters live in the shared database; the last test runs a second,
 * Quarkus-less {@link RateCounter} on its own connection pool against the same table, as a second instance would.
 */
@QuarkusTest
@TestProfile(RateLimitTest.LowLimits.class)
public class RateLimitTest {

    public static class LowLimits implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.ofEntries(
                    Map.entry("quarkus.http.proxy.proxy-address-forwarding", "true"),
                    Map.entry("quarkus.http.proxy.allow-x-forwarded", "true"),
                    Map.entry("countersign.rate-limits.forgot.per-ip", "3"),
                    Map.entry("countersign.rate-limits.forgot.per-account", "1000"),
                    Map.entry("countersign.rate-limits.resend.per-ip", "2"),
                    Map.entry("countersign.rate-limits.resend.per-account", "1000"),
                    Map.entry("countersign.rate-limits.code.per-ip", "1000"),
                    Map.entry("countersign.rate-limits.code.per-account", "2"),
                    Map.entry("countersign.rate-limits.login.per-ip", "1000"),
                    Map.entry("countersign.rate-limits.login.per-account", "2"),
                    Map.entry("countersign.rate-limits.reauth.per-ip", "2"),
                    Map.entry("countersign.rate-limits.uniqueness.per-ip", "1000"),
                    Map.entry("countersign.rate-limits.uniqueness.per-account", String.valueOf(SHARED_LIMIT)),
                    Map.entry("countersign.rate-limits.uniqueness.window", "1h"),
                    Map.entry("countersign.rate-limits.sign-up.per-ip", "2"),
                    Map.entry("countersign.rate-limits.sign-up.per-account", "1000"));
        }
    }

    static final int SHARED_LIMIT = 10;

    @Test
    void forgotPerIpAnswers429WithRetryAfterAsProblemJson() {
        String ip = randomIp();
        for (int i = 0; i < 3; i++) {
            from(ip).body(Map.of("email", email())).post("/password/forgot").then().statusCode(202);
        }
        Response limited = from(ip).body(Map.of("email", email())).post("/password/forgot");
        assertProblem(limited);
        // the first refusal of the window is audited, with the address and without the account
        assertEquals(List.of("{\"scope\": \"ip\", \"action\": \"forgot\"}"),
                AuditTest.rows("select details::text from audit_log where type = 'rate_limited' and ip = ? and user_id is null", ip));
        // the compat surface shares the counter: sendResetPwd from the same IP is refused as well
        assertFeathers(from(ip).body(action("sendResetPwd", Map.of("email", email()))).post("/authManagement"));
        // another IP is not affected
        from(randomIp()).body(Map.of("email", email())).post("/password/forgot").then().statusCode(202);
    }

    @Test
    void codeAttemptsPerAccountAcrossIpsAndSurfaces() {
        String email = email();
        from(randomIp()).body(Map.of("email", email, "code", "123456", "password", "a long new password"))
                .post("/password/reset").then().statusCode(400);
        Map<String, Object> resetShort = action("resetPwdShort",
                Map.of("user", Map.of("email", email), "token", "123456", "password", "a long new password"));
        from(randomIp()).body(resetShort).post("/authManagement").then().statusCode(400);
        // third attempt for the account, from a third address: refused on either surface
        assertProblem(from(randomIp()).body(Map.of("email", email.toUpperCase(), "code", "123456"))
                .post("/verification/confirm"));
        assertFeathers(from(randomIp()).body(action("verifySignupShort", Map.of("user", Map.of("email", email), "token", "1")))
                .post("/authManagement"));
        assertProblem(from(randomIp()).body(Map.of("email", email, "code", "123456")).post("/identity/confirm"));
    }

    @Test
    void loginPerAccountAnswersTheFeathersEnvelope() {
        String email = email();
        for (int i = 0; i < 2; i++) {
            from(randomIp()).body(Map.of("strategy", "local", "email", email, "password", "wrong password"))
                    .post("/authentication").then().statusCode(401);
        }
        Response limited = from(randomIp()).body(Map.of("strategy", "local", "email", email, "password", "wrong password"))
                .post("/authentication");
        assertFeathers(limited);
        assertEquals("{\"name\":\"TooManyRequests\",\"message\":\"" + limited.jsonPath().getString("message")
                + "\",\"code\":429,\"className\":\"too-many-requests\"}", limited.asString());
    }

    /** Re-authentication with an access token is limited per IP, valid token or not, in the Feathers envelope. */
    @Test
    void jwtReauthenticationPerIpAnswersTheFeathersEnvelope() {
        String email = email();
        from(randomIp()).body(Map.of("email", email, "password", "violet tractor umbrella 47")).post("/users").then().statusCode(202);
        AuditTest.rows("update users set is_verified = true where email = ? returning id", email);
        String token = from(randomIp()).body(Map.of("strategy", "local", "email", email, "password", "violet tractor umbrella 47"))
                .post("/authentication").then().statusCode(201).extract().path("accessToken");
        String ip = randomIp();
        from(ip).body(Map.of("strategy", "jwt", "accessToken", token)).post("/authentication").then().statusCode(201);
        from(ip).body(Map.of("strategy", "jwt", "accessToken", "not-a-token")).post("/authentication").then().statusCode(401);
        Response limited = from(ip).body(Map.of("strategy", "jwt", "accessToken", token)).post("/authentication");
        assertFeathers(limited);
        assertEquals(List.of("{\"scope\": \"ip\", \"action\": \"reauth\"}"),
                AuditTest.rows("select details::text from audit_log where type = 'rate_limited' and ip = ?", ip));
        // another address still re-authenticates
        from(randomIp()).body(Map.of("strategy", "jwt", "accessToken", token)).post("/authentication").then().statusCode(201);
    }

    @Test
    void resendAndSignUpPerIp() {
        String ip = randomIp();
        from(ip).body(action("resendVerifySignup", Map.of("email", email()))).post("/authManagement").then().statusCode(201);
        from(ip).body(Map.of("email", email())).post("/verification/resend").then().statusCode(202);
        assertFeathers(from(ip).body(action("resendVerifySignup", Map.of("email", email()))).post("/authManagement"));

        String other = randomIp();
        from(other).body(Map.of("email", email(), "password", "violet tractor umbrella 47")).post("/users").then().statusCode(202);
        from(other).body(Map.of("email", email(), "password", "violet tractor umbrella 47")).post("/users").then().statusCode(202);
        assertProblem(from(other).body(Map.of("email", email(), "password", "violet tractor umbrella 47")).post("/users"));
    }

    /**
     * Two instances, one counter: this application (over HTTP) and a second {@link RateCounter} on its own pool
     * hit the same account key concurrently; exactly {@value #SHARED_LIMIT} hits in total are within the limit.
     */
    @Test
    void twoInstancesSharingTheDatabaseSeeOneCounter() throws Exception {
        String email = email();
        String key = RateCounter.key(LimitedAction.UNIQUENESS, "account", AccountKey.of(email, null, null));
        onSecondInstance(4, secondInstance -> {
            AtomicInteger allowed = new AtomicInteger();
            List<CompletableFuture<Void>> calls = new ArrayList<>();
            for (int i = 0; i < 12; i++) {
                calls.add(CompletableFuture.runAsync(() -> {
                    int status = from(randomIp()).body(Map.of("email", email)).post("/users/uniqueness").statusCode();
                    if (status == 200) {
                        allowed.incrementAndGet();
                    } else {
                        assertEquals(429, status);
                    }
                }));
                calls.add(secondInstance.hit(key, Duration.ofHours(1)).subscribeAsCompletionStage().thenAccept(hit -> {
                    if (hit.count() <= SHARED_LIMIT) {
                        allowed.incrementAndGet();
                    }
                }));
            }
            CompletableFuture.allOf(calls.toArray(CompletableFuture[]::new)).get();
            assertEquals(SHARED_LIMIT, allowed.get());
            assertEquals(24, secondInstance.hit(key, Duration.ofHours(1)).await().indefinitely().count() - 1);
        });
    }

    /** The fixed window: counts add up inside it, start again at 1 after it, and day-old counters are purged. */
    @Test
    void windowsRestartAndOldCountersArePurged() throws Exception {
        onSecondInstance(1, counter -> {
            String key = RateCounter.key(LimitedAction.LOGIN, "ip", randomIp());
            Duration window = Duration.ofMillis(1500);
            assertEquals(1, counter.hit(key, window).await().indefinitely().count());
            RateCounter.Hit second = counter.hit(key, window).await().indefinitely();
            assertEquals(2, second.count());
            assertThat(second.secondsLeft()).isBetween(1L, 2L);
            Thread.sleep(1600);
            assertEquals(1, counter.hit(key, window).await().indefinitely().count());

            AuditTest.rows("update rate_limits set window_start = now() - interval '25 hours' where key = ? returning key", key);
            assertThat(counter.purge().await().indefinitely()).isGreaterThanOrEqualTo(1);
            assertEquals(List.of("0"), AuditTest.rows("select count(*) from rate_limits where key = ?", key));
        });
    }

    /**
     * Both counters of a check in one statement: the second (account) counts only while the first (IP) is within its
     * limit, so one address over its limit cannot wear down an account's allowance; a missing key is skipped.
     */
    @Test
    void pairCountsTheSecondOnlyWhileTheFirstIsWithinItsLimit() throws Exception {
        onSecondInstance(1, counter -> {
            String ipKey = RateCounter.key(LimitedAction.FORGOT, "ip", randomIp());
            String accountKey = RateCounter.key(LimitedAction.FORGOT, "account", email());
            Duration window = Duration.ofHours(1);
            for (int i = 1; i <= 2; i++) {
                RateCounter.Pair pair = counter.hitPair(ipKey, 2, accountKey, window).await().indefinitely();
                assertEquals(i, pair.first().count());
                assertEquals(i, pair.second().count());
            }
            // the IP's third hit is over its limit of 2: counted, but the account is left alone
            RateCounter.Pair over = counter.hitPair(ipKey, 2, accountKey, window).await().indefinitely();
            assertEquals(3, over.first().count());
            assertEquals(null, over.second());
            assertEquals(List.of("2"), AuditTest.rows("select count from rate_limits where key = ?", accountKey));
            // no IP (e.g. an untrusted proxy header): the account alone; no account: the IP alone
            assertEquals(3, counter.hitPair(null, 2, accountKey, window).await().indefinitely().second().count());
            RateCounter.Pair ipOnly = counter.hitPair(ipKey, 2, null, window).await().indefinitely();
            assertEquals(4, ipOnly.first().count());
            assertEquals(null, ipOnly.second());
            // the counters write no WAL (V201): their commits do not wait for a disk flush
            assertEquals(List.of("u"), AuditTest.rows("select relpersistence::text from pg_class where relname = 'rate_limits'"));
        });
    }

    /**
     * checkUnique counts on both surfaces, malformed calls included, in the statement of its lookup: the account's
     * allowance of {@value #SHARED_LIMIT} is shared by the resource API and {@code POST /authManagement}, a call
     * with a malformed value or {@code ownId} counts before it is refused as malformed, and the next call after the allowance is 429
     * on either surface, whether the value is taken or free.
     */
    @Test
    @io.countersign.testing.OffContract("an ownId that is not a user id is sent on purpose")
    void checkUniqueCountsEveryCallOnBothSurfacesInItsLookup() {
        String email = email();
        for (int i = 0; i < SHARED_LIMIT - 3; i++) {
            from(randomIp()).body(Map.of("email", email)).post("/users/uniqueness").then().statusCode(200).body("fields.email", org.hamcrest.Matchers.is("available"));
        }
        // the account named, with a value that is not a string: counted, then refused as malformed
        from(randomIp()).body(action("checkUnique", Map.of("email", email, "username", 12))).post("/authManagement")
                .then().statusCode(400).body("name", org.hamcrest.Matchers.is("BadRequest"));
        // an ownId that is not a user id: counted, then refused
        from(randomIp()).body(Map.of("action", "checkUnique", "value", Map.of("email", email), "ownId", "not-a-uuid"))
                .post("/authManagement").then().statusCode(400).body("name", org.hamcrest.Matchers.is("BadRequest"));
        from(randomIp()).body(action("checkUnique", Map.of("email", email))).post("/authManagement").then().statusCode(204);
        assertFeathers(from(randomIp()).body(action("checkUnique", Map.of("email", email))).post("/authManagement"));
        assertProblem(from(randomIp()).body(Map.of("email", email)).post("/users/uniqueness"));
        String key = RateCounter.key(LimitedAction.UNIQUENESS, "account", AccountKey.of(email, null, null));
        assertEquals(List.of(String.valueOf(SHARED_LIMIT + 2)), AuditTest.rows("select count from rate_limits where key = ?", key));
    }

    /**
     * A read riding along both counters ({@link RateCounter#hitPairWith}, checkUnique's statement): the counters
     * count exactly as {@link RateCounter#hitPair} counts them, the row is the read's, and the read sees the database
     * as it was before the statement's own writes; run alone, the read counts nothing.
     */
    @Test
    void aReadRidesAlongBothCountersInOneStatement() throws Exception {
        onSecondInstance(1, counter -> {
            String ipKey = RateCounter.key(LimitedAction.UNIQUENESS, "ip", randomIp());
            String accountKey = RateCounter.key(LimitedAction.UNIQUENESS, "account", email());
            Duration window = Duration.ofHours(1);
            RateCounter.Read read = new RateCounter.Read("$1::text as echo, exists(select 1 from rate_limits where key = $2) as counted");
            RateCounter.PairAnd first = counter.hitPairWith(ipKey, 1, accountKey, window, read,
                    io.vertx.mutiny.sqlclient.Tuple.of("one", accountKey)).await().indefinitely();
            assertEquals(1, first.pair().first().count());
            assertEquals(1, first.pair().second().count());
            assertThat(first.pair().second().secondsLeft()).isBetween(3500L, 3600L);
            assertEquals("one", first.row().getString("echo"));
            assertEquals(false, first.row().getBoolean("counted"));
            // the IP over its limit of 1: counted, the account left alone, the read still answered
            RateCounter.PairAnd over = counter.hitPairWith(ipKey, 1, accountKey, window, read,
                    io.vertx.mutiny.sqlclient.Tuple.of("two", accountKey)).await().indefinitely();
            assertEquals(2, over.pair().first().count());
            assertEquals(null, over.pair().second());
            assertEquals(true, over.row().getBoolean("counted"));
            // no keys at all: nothing counted
            RateCounter.PairAnd none = counter.hitPairWith(null, 1, null, window, read,
                    io.vertx.mutiny.sqlclient.Tuple.of("three", accountKey)).await().indefinitely();
            assertEquals(null, none.pair().first());
            assertEquals(null, none.pair().second());
            assertEquals("four", counter.read(read, io.vertx.mutiny.sqlclient.Tuple.of("four", ipKey)).await().indefinitely().getString("echo"));
            assertEquals(List.of("2"), AuditTest.rows("select count from rate_limits where key = ?", ipKey));
            assertEquals(List.of("1"), AuditTest.rows("select count from rate_limits where key = ?", accountKey));
            // checkUnique's statement stays short enough for the pool to keep it prepared
            assertThat(io.countersign.flow.Uniqueness.TAKEN.afterPair.length())
                    .isLessThanOrEqualTo(io.vertx.sqlclient.SqlConnectOptions.DEFAULT_PREPARED_STATEMENT_CACHE_SQL_LIMIT);
        });
    }

    /** A callback that may throw, for {@link #onSecondInstance}. */
    interface SecondInstance {
        void run(RateCounter counter) throws Exception;
    }

    /** Runs {@code test} with a Quarkus-less {@link RateCounter} on its own pool of {@code size} connections. */
    private static void onSecondInstance(int size, SecondInstance test) throws Exception {
        Vertx vertx = Vertx.vertx();
        Infra.Postgres db = Infra.postgres();
        PgPool pool = PgPool.pool(vertx, PgConnectOptions.fromUri(db.reactiveUrl()).setUser(db.user()).setPassword(db.password()),
                new PoolOptions().setMaxSize(size));
        try {
            test.run(new RateCounter(pool));
        } finally {
            pool.closeAndAwait();
            vertx.closeAndAwait();
        }
    }

    private static void assertProblem(Response r) {
        r.then().statusCode(429).contentType("application/problem+json");
        assertEquals("rate_limited", r.jsonPath().getString("code"));
        assertRetryAfter(r);
    }

    private static void assertFeathers(Response r) {
        r.then().statusCode(429);
        assertEquals("TooManyRequests", r.jsonPath().getString("name"));
        assertEquals(429, r.jsonPath().getInt("code"));
        assertEquals("too-many-requests", r.jsonPath().getString("className"));
        assertRetryAfter(r);
    }

    private static void assertRetryAfter(Response r) {
        assertThat(Long.parseLong(r.header("Retry-After"))).isBetween(1L, 3600L);
    }

    private static io.restassured.specification.RequestSpecification from(String ip) {
        return given().header("X-Forwarded-For", ip).contentType(ContentType.JSON);
    }

    private static Map<String, Object> action(String action, Object value) {
        return Map.of("action", action, "value", value);
    }

    private static String email() {
        return "rl-" + UUID.randomUUID() + "@example.com";
    }

    private static String randomIp() {
        ThreadLocalRandom r = ThreadLocalRandom.current();
        return "10." + r.nextInt(256) + "." + r.nextInt(256) + "." + (1 + r.nextInt(254));
    }
}
