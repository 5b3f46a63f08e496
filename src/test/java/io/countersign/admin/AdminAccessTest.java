package io.countersign.admin;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;

import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Function;

import org.junit.jupiter.api.Test;

import io.countersign.testing.OffContract;
import io.countersign.testing.Sql;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import io.restassured.specification.RequestSpecification;

/**
 * Issue 15 item 3: who may call each admin endpoint. Without a credential 401; a user's token (no admin group) 403;
 * an unknown or revoked API key 401; a read key on a write endpoint 403; the admin's token, a read key on a read
 * endpoint, a write key on a write endpoint and the bootstrap key pass. No refused call changes anything.
 */
@QuarkusTest
@TestProfile(AdminProfile.class)
class AdminAccessTest {

    /** One admin endpoint: method, path (with the target account's id for {0}), whether it writes, and its body. */
    record Endpoint(String method, String path, boolean writes, Object body) {

        Response call(RequestSpecification spec, String accountId) {
            RequestSpecification s = body == null ? spec : spec.contentType(ContentType.JSON).body(body);
            return s.request(method, path.replace("{0}", accountId));
        }

        @Override
        public String toString() {
            return method + " " + path;
        }
    }

    private static final Map<String, Object> KEY_BODY = Map.of("name", "access test", "scopes", List.of("read"));

    static final List<Endpoint> ENDPOINTS = List.of(
            new Endpoint("GET", "/admin/users", false, null),
            new Endpoint("GET", "/admin/users/{0}", false, null),
            new Endpoint("GET", "/admin/users/{0}/sessions", false, null),
            new Endpoint("GET", "/admin/users/{0}/challenges", false, null),
            new Endpoint("GET", "/admin/users/{0}/audit", false, null),
            new Endpoint("GET", "/admin/compliance", false, null),
            new Endpoint("POST", "/admin/users/{0}/verification", true, null),
            new Endpoint("POST", "/admin/users/{0}/password-reset", true, null),
            new Endpoint("POST", "/admin/users/{0}/unlock", true, null),
            new Endpoint("DELETE", "/admin/users/{0}/sessions", true, null),
            new Endpoint("DELETE", "/admin/users/{0}/challenges/" + UUID.randomUUID(), true, null),
            new Endpoint("DELETE", "/admin/users/{0}", true, null),
            new Endpoint("GET", "/admin/keys", true, null),
            new Endpoint("POST", "/admin/keys", true, KEY_BODY),
            new Endpoint("DELETE", "/admin/keys/" + UUID.randomUUID(), true, null),
            new Endpoint("GET", "/admin/users/{0}/messages", false, null),
            new Endpoint("GET", "/admin/messages/" + UUID.randomUUID(), false, null),
            new Endpoint("POST", "/admin/messages/replay", true, Map.of("messageId", UUID.randomUUID().toString())));

    @Test
    @OffContract("requests without a credential, with a user's token or a bad key are refused on purpose")
    void everyEndpointRefusesCallersWithoutTheRoleOrScope() {
        String admin = AdminFixtures.adminToken();
        String email = "access-" + UUID.randomUUID() + "@example.com";
        String target = AdminApiTest.verified(email);
        String userToken = AdminApiTest.login(email, AdminApiTest.PASSWORD).path("accessToken");
        String readKey = AdminFixtures.newKey(admin, "read").get("key");
        String writeKey = AdminFixtures.newKey(admin, "write").get("key");
        Map<String, String> revoked = AdminFixtures.newKey(admin, "read", "write");
        given().auth().oauth2(admin).delete("/admin/keys/" + revoked.get("id")).then().statusCode(204);
        String before = state(target);
        long keysBefore = Long.parseLong(Sql.column("select count(*) from admin_api_keys"));

        for (Endpoint e : ENDPOINTS) {
            refused(e, target, given(), 401, "unauthenticated");
            refused(e, target, given().auth().oauth2(userToken), 403, "forbidden");
            refused(e, target, given().auth().oauth2("not.a.token"), 401, "unauthenticated");
            refused(e, target, given().header("X-Api-Key", "csk_" + "A".repeat(43)), 401, "unauthenticated");
            refused(e, target, given().header("X-Api-Key", ""), 401, "unauthenticated");
            refused(e, target, given().header("X-Api-Key", revoked.get("key")), 401, "unauthenticated");
            // a key is judged alone: an admin token beside a revoked key does not help
            refused(e, target, given().auth().oauth2(admin).header("X-Api-Key", revoked.get("key")), 401, "unauthenticated");
            if (e.writes()) {
                refused(e, target, given().header("X-Api-Key", readKey), 403, "forbidden");
            } else {
                passes(e, target, given().header("X-Api-Key", readKey));
                refused(e, target, given().header("X-Api-Key", writeKey), 403, "forbidden");
            }
        }
        assertThat(state(target)).as("refused calls change nothing").isEqualTo(before);
        assertThat(Sql.column("select count(*) from admin_api_keys")).isEqualTo(Long.toString(keysBefore));
        given().auth().oauth2(userToken).get("/users/me").then().statusCode(200);

        // the admin's token and the bootstrap key pass everywhere (the deletion last)
        for (Endpoint e : ENDPOINTS) {
            passes(e, target, e.writes() ? given().header("X-Api-Key", AdminProfile.BOOTSTRAP_KEY) : given().auth().oauth2(admin));
        }
        assertThat(Sql.column("select count(*) from users where id = ?::uuid", target)).isEqualTo("0");
        assertThat(Sql.column("select count(*) from audit_log where type = 'admin_action' and details->>'actor' = 'key:bootstrap'"
                + " and user_id = ?::uuid", target)).isNotEqualTo("0");
    }

    @Test
    void writeKeysActOnAccounts() {
        String admin = AdminFixtures.adminToken();
        String writeKey = AdminFixtures.newKey(admin, "write").get("key");
        String target = AdminApiTest.verified("access-write-" + UUID.randomUUID() + "@example.com");
        given().header("X-Api-Key", writeKey).post("/admin/users/" + target + "/unlock").then().statusCode(204);
        given().header("X-Api-Key", writeKey).delete("/admin/users/" + target + "/sessions").then().statusCode(204);
        assertThat(Sql.column("select session_epoch from users where id = ?::uuid", target)).isEqualTo("1");
    }

    private static void refused(Endpoint e, String target, RequestSpecification spec, int status, String code) {
        Response r = e.call(spec, target);
        assertThat(r.statusCode()).as(e + " -> " + r.asString()).isEqualTo(status);
        r.then().contentType("application/problem+json").body("code", equalTo(code));
    }

    private static void passes(Endpoint e, String target, RequestSpecification spec) {
        Response r = e.call(spec, target);
        // 404 for the made-up challenge and key ids, 400 for an account that is verified (verification) — past the check
        assertThat(r.statusCode()).as(e + " -> " + r.asString()).isIn(200, 201, 202, 204, 400, 404);
        if (r.statusCode() >= 400) {
            assertThat(r.<String>path("code")).as(e.toString()).isIn("not_found", "already_verified");
        }
    }

    /** Everything about the account that an admin call could change, as one string. */
    private static String state(String id) {
        Function<String, String> q = sql -> String.join(",", Sql.rows(sql, id));
        return q.apply("select failed_logins || ':' || coalesce(locked_until::text, '-') || ':' || session_epoch || ':' || is_verified"
                + " from users where id = ?::uuid")
                + "|" + q.apply("select id || ended_reason from challenges where user_id = ?::uuid and consumed_at is not null")
                + "|" + q.apply("select count(*) from challenges where user_id = ?::uuid")
                + "|" + q.apply("select count(*) from audit_log where user_id = ?::uuid and type <> 'admin_action'");
    }
}
