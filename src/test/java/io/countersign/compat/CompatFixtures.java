package io.countersign.compat;

import static io.restassured.RestAssured.given;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;

import org.eclipse.microprofile.config.inject.ConfigProperty;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.countersign.event.NotificationType;
import io.countersign.event.SealedSecret;
import io.countersign.event.SecretBox;
import io.countersign.event.SecretPayload;
import io.quarkus.elytron.security.common.BcryptUtil;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * Test data for the compat tests, straight in the real database: users seeded with a cheap bcrypt hash (as if
 * imported from feathers-authentication-management), the plain token and code of the latest notification read
 * back from the outbox, and snapshots of rows to prove that rejected requests changed nothing.
 */
@ApplicationScoped
public class CompatFixtures {

    public static final String PASSWORD = "correct horse battery";
    public static final String NEW_PASSWORD = "a brand new passphrase";
    /** A real bcrypt hash at cost 4 so that tests do not wait on cost-12 hashing for every login. */
    private static final String PASSWORD_HASH = BcryptUtil.bcryptHash(PASSWORD, 4);

    private final SecretBox secretBox;
    private final ObjectMapper json;
    private final String jdbcUrl;
    private final String dbUser;
    private final String dbPassword;

    public CompatFixtures(SecretBox secretBox, ObjectMapper json,
            @ConfigProperty(name = "quarkus.datasource.jdbc.url") String jdbcUrl,
            @ConfigProperty(name = "quarkus.datasource.username") String dbUser,
            @ConfigProperty(name = "quarkus.datasource.password") java.util.Optional<String> dbPassword) {
        this.secretBox = secretBox;
        this.json = json;
        this.jdbcUrl = jdbcUrl;
        this.dbUser = dbUser;
        this.dbPassword = dbPassword.orElse("");
    }

    public record Account(UUID id, String email, String phone, String username) {
    }

    public Account user(boolean verified) {
        String tag = UUID.randomUUID().toString().replace("-", "").substring(0, 12);
        Account a = new Account(UUID.randomUUID(), "u" + tag + "@example.com",
                "+49151" + String.format("%08d", Math.floorMod(tag.hashCode(), 100_000_000)), "user_" + tag);
        update("insert into users (id, email, phone, username, password_hash, is_verified) values (?, ?, ?, ?, ?, ?)",
                a.id(), a.email(), a.phone(), a.username(), PASSWORD_HASH, verified);
        return a;
    }

    // ---------------------------------------------------------------- HTTP

    public static Response post(Object body) {
        return given().contentType(ContentType.JSON).body(body).when().post("/authManagement");
    }

    public static Response post(String token, Object body) {
        return given().contentType(ContentType.JSON).header("Authorization", "Bearer " + token).body(body)
                .when().post("/authManagement");
    }

    public static Map<String, Object> action(String action, Object value) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("action", action);
        if (value != null) {
            body.put("value", value);
        }
        return body;
    }

    public static String login(Account account, String password) {
        return given().contentType(ContentType.JSON)
                .body(Map.of("strategy", "local", "email", account.email(), "password", password))
                .when().post("/authentication").then().statusCode(201).extract().path("accessToken");
    }

    // ---------------------------------------------------------------- outbox

    /** The plain token and code of the latest notification of this type for the user. */
    public SecretPayload secret(UUID userId, NotificationType type) {
        String payload = single("select payload::text from outbox where aggregate_id = ? and type = ? order by created_at desc limit 1",
                userId, type.cloudEventType());
        if (payload == null) {
            throw new AssertionError("no " + type.wireName() + " notification for " + userId);
        }
        try {
            JsonNode secret = json.readTree(payload).path("secret");
            return secretBox.open(json.treeToValue(secret, SealedSecret.class), userId.toString());
        } catch (java.io.IOException e) {
            throw new IllegalStateException(e);
        }
    }

    /** One notifierOptions entry of the latest notification of this type. */
    public String notifierOption(UUID userId, NotificationType type, String name) {
        return single("select payload->'notifierOptions'->>? from outbox where aggregate_id = ? and type = ? order by created_at desc limit 1",
                name, userId, type.cloudEventType());
    }

    public long notifications(UUID userId) {
        return Long.parseLong(single("select count(*)::text from outbox where aggregate_id = ?", userId));
    }

    public long notifications(UUID userId, NotificationType type) {
        return Long.parseLong(single("select count(*)::text from outbox where aggregate_id = ? and type = ?", userId,
                type.cloudEventType()));
    }

    // ---------------------------------------------------------------- rows

    /** Everything about the user and their challenges that a request could change. */
    public String snapshot(UUID userId) {
        return single("select concat_ws('|', u.email, u.phone, u.username, u.password_hash, u.is_verified, u.session_epoch, "
                + "(select string_agg(concat_ws(',', c.purpose, c.attempts_left, c.consumed_at, c.ended_reason, c.expires_at, c.pending_changes), ';' "
                + "order by c.created_at) from challenges c where c.user_id = u.id), "
                + "(select count(*) from outbox o where o.aggregate_id = u.id)) from users u where u.id = ?", userId);
    }

    public String passwordHash(UUID userId) {
        return single("select password_hash from users where id = ?", userId);
    }

    public boolean verified(UUID userId) {
        return Boolean.parseBoolean(single("select is_verified::text from users where id = ?", userId));
    }

    public String email(UUID userId) {
        return single("select email from users where id = ?", userId);
    }

    public int sessionEpoch(UUID userId) {
        return Integer.parseInt(single("select session_epoch::text from users where id = ?", userId));
    }

    /** attempts_left of the live challenge, or null when there is none. */
    public Integer attemptsLeft(UUID userId, String purpose) {
        String v = single("select attempts_left::text from challenges where user_id = ? and purpose = ? and consumed_at is null",
                userId, purpose);
        return v == null ? null : Integer.valueOf(v);
    }

    /** code_attempts_left of the live challenge (wrong codes it still tolerates), or null when there is none. */
    public Integer codeAttemptsLeft(UUID userId, String purpose) {
        String v = single("select code_attempts_left::text from challenges where user_id = ? and purpose = ? and consumed_at is null",
                userId, purpose);
        return v == null ? null : Integer.valueOf(v);
    }

    /** Why the latest challenge of this purpose ended, or null while it is live. */
    public String endedReason(UUID userId, String purpose) {
        return single("select coalesce(ended_reason, 'live') from challenges where user_id = ? and purpose = ? order by created_at desc limit 1",
                userId, purpose);
    }

    public void expire(UUID userId, String purpose) {
        update("update challenges set expires_at = now() - interval '1 minute', created_at = now() - interval '2 hours' "
                + "where user_id = ? and purpose = ? and consumed_at is null", userId, purpose);
    }

    /** Moves the live challenge out of the resend cooldown, so that the next request issues a new one. */
    public void age(UUID userId, String purpose) {
        update("update challenges set created_at = now() - interval '10 minutes' where user_id = ? and purpose = ? and consumed_at is null",
                userId, purpose);
    }

    private String single(String sql, Object... args) {
        try (Connection c = DriverManager.getConnection(jdbcUrl, dbUser, dbPassword); PreparedStatement s = prepare(c, sql, args); ResultSet rs = s.executeQuery()) {
            return rs.next() ? rs.getString(1) : null;
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    private void update(String sql, Object... args) {
        try (Connection c = DriverManager.getConnection(jdbcUrl, dbUser, dbPassword); PreparedStatement s = prepare(c, sql, args)) {
            s.executeUpdate();
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    private static PreparedStatement prepare(Connection c, String sql, Object... args) throws SQLException {
        PreparedStatement s = c.prepareStatement(sql);
        for (int i = 0; i < args.length; i++) {
            s.setObject(i + 1, args[i]);
        }
        return s;
    }
}
