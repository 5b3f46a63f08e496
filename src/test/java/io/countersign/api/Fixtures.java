package io.countersign.api;

import static io.restassured.RestAssured.given;

import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.countersign.event.NotificationType;
import io.countersign.event.SealedSecret;
import io.countersign.event.SecretBox;
import io.countersign.event.SecretPayload;
import io.countersign.testing.Accounts;
import io.countersign.testing.Sql;
import io.restassured.http.ContentType;

/** Test helpers for the resource API: sign-ups, secrets read back from the outbox, direct SQL. */
final class Fixtures {

    static final String PASSWORD = "violet tractor umbrella 47";
    private static final AtomicInteger SEQ = new AtomicInteger();
    private static final ObjectMapper JSON = new ObjectMapper();

    private final SecretBox box;

    Fixtures(SecretBox box) {
        this.box = box;
    }

    static String uniqueEmail(String prefix) {
        return prefix + "-" + UUID.randomUUID().toString().substring(0, 8) + "-" + SEQ.incrementAndGet() + "@example.com";
    }

    static String uniquePhone() {
        return "+4915" + String.format("%09d", Math.abs(UUID.randomUUID().getLeastSignificantBits() % 1_000_000_000L));
    }

    /** Signs up and returns the new user's id. */
    static String signUp(String email) {
        given().contentType(ContentType.JSON).body(Map.of("email", email, "password", PASSWORD))
                .post("/users").then().statusCode(202);
        return Accounts.idOf(email);
    }

    /** Signs up and verifies directly in the database. */
    static String verifiedUser(String email) {
        String id = signUp(email);
        update("update users set is_verified = true where id = ?::uuid", id);
        return id;
    }

    static String login(String email, String password) {
        return given().contentType(ContentType.JSON).body(Map.of("strategy", "local", "email", email, "password", password))
                .post("/authentication").then().statusCode(201).extract().path("accessToken");
    }

    /** The token and code of the newest outbox event of this type for the user. */
    SecretPayload latestSecret(String userId, NotificationType type) {
        JsonNode payload = latestPayload(userId, type);
        if (payload == null || payload.get("secret") == null || payload.get("secret").isNull()) {
            throw new AssertionError("no " + type.wireName() + " event with a secret for " + userId);
        }
        try {
            SealedSecret sealed = JSON.treeToValue(payload.get("secret"), SealedSecret.class);
            return box.open(sealed, userId);
        } catch (java.io.IOException e) {
            throw new AssertionError(e);
        }
    }

    static JsonNode latestPayload(String userId, NotificationType type) {
        List<String> rows = strings("select payload::text from outbox where aggregate_id = ?::uuid and type = ? order by created_at desc",
                userId, type.cloudEventType());
        try {
            return rows.isEmpty() ? null : JSON.readTree(rows.get(0));
        } catch (java.io.IOException e) {
            throw new AssertionError(e);
        }
    }

    static long outboxCount(String userId, NotificationType type) {
        return Long.parseLong(strings("select count(*) from outbox where aggregate_id = ?::uuid and type = ?", userId,
                type.cloudEventType()).get(0));
    }

    static long outboxTotal() {
        return Long.parseLong(strings("select count(*) from outbox").get(0));
    }

    static String column(String sql, Object... params) {
        return Sql.column(sql, params);
    }

    static List<String> strings(String sql, Object... params) {
        return Sql.rows(sql, params);
    }

    static int update(String sql, Object... params) {
        return Sql.update(sql, params);
    }

    /** Moves every live challenge of the user into the past, as if its lifetime had run out. */
    static void expireChallenges(String userId) {
        update("update challenges set expires_at = now() - interval '1 second' where user_id = ?::uuid and consumed_at is null", userId);
    }

    /** Makes the live challenges old enough that the resend cooldown no longer applies. */
    static void ageChallenges(String userId) {
        update("update challenges set created_at = now() - interval '1 hour' where user_id = ?::uuid and consumed_at is null", userId);
    }
}
