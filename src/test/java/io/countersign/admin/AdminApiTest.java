package io.countersign.admin;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;

import io.countersign.testing.Accounts;
import io.countersign.testing.Mailbox;
import io.countersign.testing.OffContract;
import io.countersign.testing.Sql;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import io.restassured.specification.RequestSpecification;

/**
 * Issue 15 item 3: the admin API on its real effects (mail in the SMTP server, sessions ended, challenges cancelled,
 * locks lifted, accounts deleted), its search, and its audit naming the acting admin. Who may call it is in
 * {@link AdminAccessTest}. One Quarkus start with AdminAccessTest and CorsBrowserTest (AdminProfile).
 */
@QuarkusTest
@TestProfile(AdminProfile.class)
class AdminApiTest {

    static final String PASSWORD = "violet tractor umbrella 47";
    private static final Pattern LINK = Pattern.compile("/pages/verify\\?token=([A-Za-z0-9._~%-]+)");
    private static final Duration DELIVERY = Duration.ofSeconds(30);

    @Test
    void searchFiltersPagesInAStableOrderAndShowsNoHash() {
        String marker = "srch-" + UUID.randomUUID();
        String first = signUp(marker + "-1@example.com");
        String second = signUp(marker + "-2@example.com");
        String third = signUp(marker + "-3@example.com");
        Sql.update("update users set is_verified = true where id = ?::uuid", second);
        Sql.update("update users set locked_until = now() + interval '1 hour', failed_logins = 5 where id = ?::uuid", third);
        // three accounts created in one millisecond would tie on created_at: the id breaks the tie
        Sql.update("update users set created_at = now() - interval '1 minute' where id = ?::uuid", first);
        String admin = AdminFixtures.adminToken();

        Response all = admin(admin).queryParam("email", marker.toUpperCase()).get("/admin/users");
        all.then().statusCode(200).body("total", equalTo(3)).body("page", equalTo(0)).body("size", equalTo(20));
        List<String> ids = all.path("items.id");
        assertThat(ids).hasSize(3).endsWith(first);
        assertThat(all.asString()).doesNotContain("$2").doesNotContainIgnoringCase("hash").doesNotContain(PASSWORD);

        admin(admin).queryParam("email", marker).queryParam("verified", "true").get("/admin/users").then().statusCode(200)
                .body("total", equalTo(1)).body("items[0].id", equalTo(second)).body("items[0].isVerified", equalTo(true));
        admin(admin).queryParam("email", marker).queryParam("locked", "true").get("/admin/users").then().statusCode(200)
                .body("total", equalTo(1)).body("items[0].id", equalTo(third)).body("items[0].locked", equalTo(true))
                .body("items[0].failedLogins", equalTo(5));
        admin(admin).queryParam("email", marker).queryParam("locked", "false").queryParam("verified", "false").get("/admin/users")
                .then().statusCode(200).body("total", equalTo(1)).body("items[0].id", equalTo(first));
        // pages: the same order, page after page
        List<String> page0 = admin(admin).queryParam("email", marker).queryParam("size", "2").get("/admin/users").then()
                .statusCode(200).body("total", equalTo(3)).extract().path("items.id");
        List<String> page1 = admin(admin).queryParam("email", marker).queryParam("size", "2").queryParam("page", "1")
                .get("/admin/users").then().statusCode(200).extract().path("items.id");
        assertThat(page0).hasSize(2);
        assertThat(page1).hasSize(1);
        assertThat(page0).containsExactlyElementsOf(ids.subList(0, 2));
        assertThat(page1).containsExactly(ids.get(2));
        // "%" and "_" match only themselves
        admin(admin).queryParam("email", "%").queryParam("size", "1").get("/admin/users").then().statusCode(200).body("total", equalTo(0));

        admin(admin).get("/admin/users/" + second).then().statusCode(200).body("id", equalTo(second))
                .body("email", equalTo(marker + "-2@example.com")).body("hasPassword", equalTo(true)).body("locked", equalTo(false));
        admin(admin).get("/admin/users/" + UUID.randomUUID()).then().statusCode(404).body("code", equalTo("not_found"));

        String adminId = Accounts.idOf(AdminFixtures.ADMIN);
        assertThat(Sql.rows("select details->>'actor' from audit_log where type = 'admin_action' and user_id = ?::uuid"
                + " and details->>'action' = 'account_read'", second)).containsExactly("account:" + adminId);
    }

    @Test
    @OffContract("malformed query parameters and page sizes above the cap are refused on purpose")
    void badSearchParametersAreRefusedWithStableCodes() {
        String admin = AdminFixtures.adminToken();
        for (Map<String, String> bad : List.of(Map.of("size", "101"), Map.of("size", "0"), Map.of("page", "-1"),
                Map.of("page", "x"), Map.of("verified", "yes"), Map.of("locked", "1"), Map.of("email", "e".repeat(321)))) {
            admin(admin).queryParams(bad).get("/admin/users").then().statusCode(400).contentType("application/problem+json")
                    .body("code", equalTo("invalid_request")).body("errors[0].field", equalTo(bad.keySet().iterator().next()));
        }
        admin(admin).get("/admin/users/not-an-id").then().statusCode(404);
        admin(admin).delete("/admin/users/" + UUID.randomUUID() + "/challenges/not-an-id").then().statusCode(404);
    }

    @Test
    void verificationResendAndResetGoOutThroughTheFlowsAndChallengesAreCancelled() {
        String email = "admin-send-" + UUID.randomUUID() + "@example.com";
        String id = signUp(email);
        Awaitility.await().atMost(DELIVERY).until(() -> Mailbox.to(email).size() == 1);
        String first = token(0, email);
        String admin = AdminFixtures.adminToken();

        // the sign-up's challenge is within the resend cooldown: nothing new goes out
        admin(admin).post("/admin/users/" + id + "/verification").then().statusCode(202).contentType(ContentType.JSON)
                .body("sent", equalTo(false));
        List<String> challengeIds = admin(admin).get("/admin/users/" + id + "/challenges").then().statusCode(200)
                .body("", hasSize(1)).body("[0].purpose", equalTo("verify")).body("[0].hasCode", equalTo(true))
                .extract().path("id");
        assertThat(admin(admin).get("/admin/users/" + id + "/challenges").asString()).doesNotContainIgnoringCase("hash")
                .doesNotContain(first);

        // cancelled: its link stops working, and a new message goes out at once
        admin(admin).delete("/admin/users/" + id + "/challenges/" + challengeIds.get(0)).then().statusCode(204);
        admin(admin).delete("/admin/users/" + id + "/challenges/" + challengeIds.get(0)).then().statusCode(404)
                .body("code", equalTo("not_found"));
        assertThat(Sql.column("select ended_reason from challenges where id = ?::uuid", challengeIds.get(0))).isEqualTo("revoked");
        given().contentType(ContentType.JSON).body(Map.of("token", first, "password", PASSWORD)).post("/verification/confirm")
                .then().statusCode(400).body("code", equalTo("token_invalid"));
        admin(admin).get("/admin/users/" + id + "/challenges").then().statusCode(200).body("", hasSize(0));

        admin(admin).post("/admin/users/" + id + "/verification").then().statusCode(202).body("sent", equalTo(true));
        Awaitility.await().atMost(DELIVERY).until(() -> Mailbox.to(email).size() == 2);
        given().contentType(ContentType.JSON).body(Map.of("token", token(1, email), "password", PASSWORD)).post("/verification/confirm")
                .then().statusCode(200);
        admin(admin).post("/admin/users/" + id + "/verification").then().statusCode(400).body("code", equalTo("already_verified"));

        // the welcome notice is the third mail; the reset the fourth
        Awaitility.await().atMost(DELIVERY).until(() -> Mailbox.to(email).size() == 3);
        admin(admin).post("/admin/users/" + id + "/password-reset").then().statusCode(202).body("sent", equalTo(true));
        Awaitility.await().atMost(DELIVERY).until(() -> Mailbox.to(email).size() == 4);
        assertThat(Mailbox.part(Mailbox.to(email).get(3), "text/plain")).contains("/pages/reset?token=");
        admin(admin).post("/admin/users/" + id + "/password-reset").then().statusCode(202).body("sent", equalTo(false));

        String unverified = signUp("admin-send-unverified-" + UUID.randomUUID() + "@example.com");
        admin(admin).post("/admin/users/" + unverified + "/password-reset").then().statusCode(400).body("code", equalTo("not_verified"));
        admin(admin).post("/admin/users/" + UUID.randomUUID() + "/password-reset").then().statusCode(404).body("code", equalTo("not_found"));

        String actor = "account:" + Accounts.idOf(AdminFixtures.ADMIN);
        assertThat(Sql.rows("select (details->>'action') || ' ' || (details->>'actor') || ' ' || coalesce(details->>'sent', '-')"
                + " from audit_log where type = 'admin_action' and user_id = ?::uuid and details->>'action' not like '%_read'"
                + " order by id", id)).containsExactly("verification_sent " + actor + " false", "challenge_cancelled " + actor + " -",
                        "verification_sent " + actor + " true", "reset_sent " + actor + " true", "reset_sent " + actor + " false");
        // the flows' own entries, as for the owner's own requests
        assertThat(Sql.rows("select type from audit_log where user_id = ?::uuid and type in ('verification_sent', 'reset_requested')"
                + " order by id", id)).containsExactly("verification_sent", "reset_requested");
    }

    @Test
    @OffContract("wrong passwords on purpose, to lock the account")
    void unlockLiftsALockFromFailedLogins() {
        String email = "admin-unlock-" + UUID.randomUUID() + "@example.com";
        String id = verified(email);
        for (int i = 0; i < 5; i++) {
            login(email, "not the password").then().statusCode(401);
        }
        login(email, PASSWORD).then().statusCode(401);
        String admin = AdminFixtures.adminToken();
        admin(admin).get("/admin/users/" + id).then().statusCode(200).body("locked", equalTo(true)).body("failedLogins", equalTo(5));

        admin(admin).post("/admin/users/" + id + "/unlock").then().statusCode(204);
        admin(admin).get("/admin/users/" + id).then().statusCode(200).body("locked", equalTo(false)).body("failedLogins", equalTo(0));
        login(email, PASSWORD).then().statusCode(201);
        assertThat(Sql.rows("select (details->>'wasLocked') || ' ' || (details->>'failedLogins') from audit_log"
                + " where type = 'admin_action' and user_id = ?::uuid and details->>'action' = 'unlocked'", id)).containsExactly("true 5");
    }

    @Test
    void endingTheSessionsEndsEveryAccessToken() {
        String email = "admin-sessions-" + UUID.randomUUID() + "@example.com";
        String id = verified(email);
        String one = login(email, PASSWORD).path("accessToken");
        String two = login(email, PASSWORD).path("accessToken");
        given().auth().oauth2(one).get("/users/me").then().statusCode(200);
        String admin = AdminFixtures.adminToken();
        admin(admin).get("/admin/users/" + id + "/sessions").then().statusCode(200).body("", hasSize(2));

        admin(admin).delete("/admin/users/" + id + "/sessions").then().statusCode(204);
        for (String token : List.of(one, two)) {
            given().auth().oauth2(token).get("/users/me").then().statusCode(401).body("code", equalTo("unauthenticated"));
        }
        admin(admin).get("/admin/users/" + id + "/sessions").then().statusCode(200).body("", hasSize(0));
        // the account itself is untouched: a new login works
        login(email, PASSWORD).then().statusCode(201);
    }

    @Test
    void apiKeysAreShownOnceStoredHashedScopedAndRevocable() {
        String admin = AdminFixtures.adminToken();
        String adminActor = "account:" + Accounts.idOf(AdminFixtures.ADMIN);
        Response created = admin(admin).contentType(ContentType.JSON).body(Map.of("name", "ops robot", "scopes", List.of("read", "write")))
                .post("/admin/keys");
        created.then().statusCode(201).body("name", equalTo("ops robot")).body("scopes", equalTo(List.of("read", "write")))
                .body("createdBy", equalTo(adminActor));
        assertThat(created.header("Location")).endsWith("/admin/keys");
        String key = created.path("key");
        String keyId = created.path("id");
        assertThat(key).startsWith("csk_").hasSizeGreaterThan(40);
        // stored as a hash only: the key appears nowhere in the database's row, nor in any list
        assertThat(Sql.column("select count(*) from admin_api_keys where id = ?::uuid and position(convert_to(?, 'UTF8') in key_hash) = 0"
                + " and length(key_hash) = 32", keyId, key)).isEqualTo("1");
        assertThat(Sql.column("select count(*) from admin_api_keys where id::text || name || scopes || created_by like ?", "%" + key + "%"))
                .isEqualTo("0");
        assertThat(Sql.column("select count(*) from audit_log where details::text like ?", "%" + key + "%")).isEqualTo("0");
        Response listed = admin(admin).get("/admin/keys");
        listed.then().statusCode(200);
        assertThat(listed.asString()).contains(keyId).doesNotContain(key).doesNotContainIgnoringCase("hash");
        assertThat(Sql.column("select last_used_at is null from admin_api_keys where id = ?::uuid", keyId)).isEqualTo("t");

        // the key acts as itself: audited as key:<id>, its use recorded
        String email = "admin-key-" + UUID.randomUUID() + "@example.com";
        String id = verified(email);
        String userToken = login(email, PASSWORD).path("accessToken");
        key(key).delete("/admin/users/" + id + "/sessions").then().statusCode(204);
        given().auth().oauth2(userToken).get("/users/me").then().statusCode(401);
        assertThat(Sql.column("select last_used_at > now() - interval '1 minute' from admin_api_keys where id = ?::uuid", keyId))
                .isEqualTo("t");
        assertThat(Sql.rows("select details->>'actor' from audit_log where type = 'admin_action' and user_id = ?::uuid"
                + " and details->>'action' = 'sessions_ended'", id)).containsExactly("key:" + keyId);
        key(key).get("/admin/users/" + id + "/audit").then().statusCode(200);

        // a key with write creates more keys; a read key reads
        String readKey = key(key).contentType(ContentType.JSON).body(Map.of("name", "dashboard", "scopes", List.of("read")))
                .post("/admin/keys").then().statusCode(201).body("createdBy", equalTo("key:" + keyId)).extract().path("key");
        key(readKey).get("/admin/users/" + id).then().statusCode(200).body("id", equalTo(id));
        key(readKey).post("/admin/users/" + id + "/unlock").then().statusCode(403).body("code", equalTo("forbidden"));

        // deleting with a key: the deletion names the key
        key(key).delete("/admin/users/" + id).then().statusCode(204);
        assertThat(Accounts.exists(email)).isFalse();
        assertThat(Sql.column("select details->>'actor' from audit_log where type = 'account_deleted' and user_id = ?::uuid", id))
                .isEqualTo("key:" + keyId);

        // revoked: refused at once, recorded with who revoked it
        admin(admin).delete("/admin/keys/" + keyId).then().statusCode(204);
        key(key).get("/admin/users").then().statusCode(401).body("code", equalTo("unauthenticated"));
        admin(admin).delete("/admin/keys/" + keyId).then().statusCode(204);
        admin(admin).delete("/admin/keys/" + UUID.randomUUID()).then().statusCode(404).body("code", equalTo("not_found"));
        assertThat(Sql.column("select revoked_by from admin_api_keys where id = ?::uuid", keyId)).isEqualTo(adminActor);
        assertThat(Sql.rows("select (details->>'action') || ' ' || (details->>'actor') from audit_log where type = 'admin_action'"
                + " and details->>'key' = ? order by id", keyId)).containsExactly("api_key_created " + adminActor,
                        "api_key_revoked " + adminActor, "api_key_revoked " + adminActor);
        key(readKey).get("/admin/users/" + UUID.randomUUID()).then().statusCode(404);
    }

    @Test
    @OffContract("invalid key requests are refused on purpose")
    void invalidKeyRequestsAreRefused() {
        String admin = AdminFixtures.adminToken();
        for (Object body : List.of(Map.of("name", "x", "scopes", List.of("admin")), Map.of("name", "", "scopes", List.of("read")),
                Map.of("name", "x", "scopes", List.of()), Map.of("scopes", List.of("read")), Map.of("name", "x"),
                Map.of("name", "n".repeat(101), "scopes", List.of("read")))) {
            admin(admin).contentType(ContentType.JSON).body(body).post("/admin/keys").then().statusCode(400)
                    .contentType("application/problem+json").body("code", equalTo("invalid_request"));
        }
        admin(admin).contentType(ContentType.JSON).body("{\"name\": 1, \"scopes\": \"read\"}").post("/admin/keys").then()
                .statusCode(400).body("code", equalTo("invalid_request"));
        admin(admin).delete("/admin/keys/not-an-id").then().statusCode(404);
    }

    // ------------------------------------------------------------------ helpers

    static RequestSpecification admin(String token) {
        return given().auth().oauth2(token);
    }

    static RequestSpecification key(String key) {
        return given().header("X-Api-Key", key);
    }

    static String signUp(String email) {
        given().contentType(ContentType.JSON).body(Map.of("email", email, "password", PASSWORD)).post("/users").then().statusCode(202);
        return Accounts.idOf(email);
    }

    static String verified(String email) {
        String id = signUp(email);
        Sql.update("update users set is_verified = true where id = ?::uuid", id);
        return id;
    }

    static Response login(String email, String password) {
        return given().contentType(ContentType.JSON).body(Map.of("strategy", "local", "email", email, "password", password))
                .post("/authentication");
    }

    private static String token(int mail, String email) {
        Matcher link = LINK.matcher(Mailbox.part(Mailbox.to(email).get(mail), "text/plain"));
        assertThat(link.find()).isTrue();
        return URLDecoder.decode(link.group(1), StandardCharsets.UTF_8);
    }
}
