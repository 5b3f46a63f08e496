package io.countersign.security;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;

import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.Test;

import io.countersign.admin.AdminProfile;
import io.countersign.testing.Accounts;
import io.countersign.testing.OffContract;
import io.countersign.testing.Sql;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.restassured.http.ContentType;

/**
 * Issue 14 item 7: accounts could not be deleted. By the owner with the password ({@code DELETE /users/me}) or by an
 * administrator ({@code DELETE /admin/users/{id}}): the account, its challenges and sessions go, the audit keeps
 * its entries without client addresses, a notice goes to the address, and the address is free again.
 */
@QuarkusTest
@TestProfile(AdminProfile.class)
class AccountDeletionTest {

    private static final String PASSWORD = AuditTest.PASSWORD;

    @Test
    @OffContract("deletion without the password is refused on purpose")
    void theOwnerDeletesTheAccountWithThePassword() {
        String email = "delete-" + UUID.randomUUID() + "@example.com";
        String id = verifiedUser(email);
        String token = login(email);
        String other = login(email);
        given().contentType(ContentType.JSON).body(Map.of("email", email)).post("/password/forgot").then().statusCode(202);
        assertThat(count("select count(*) from challenges where user_id = ?::uuid", id)).isPositive();

        given().auth().oauth2(token).contentType(ContentType.JSON).body(Map.of("password", "not the password"))
                .delete("/users/me").then().statusCode(400).contentType("application/problem+json")
                .body("code", equalTo("password_incorrect"));
        given().auth().oauth2(token).contentType(ContentType.JSON).body(Map.of()).delete("/users/me").then().statusCode(400)
                .body("code", equalTo("invalid_request"));
        given().contentType(ContentType.JSON).body(Map.of("password", PASSWORD)).delete("/users/me").then().statusCode(401)
                .body("code", equalTo("unauthenticated"));
        assertThat(Accounts.exists(email)).isTrue();

        given().auth().oauth2(token).header("User-Agent", "DeletingAgent/1.0").contentType(ContentType.JSON)
                .body(Map.of("password", PASSWORD)).delete("/users/me").then().statusCode(204);

        assertThat(Accounts.exists(email)).isFalse();
        assertThat(count("select count(*) from challenges where user_id = ?::uuid", id)).isZero();
        assertThat(count("select count(*) from sessions where user_id = ?::uuid", id)).isZero();
        given().auth().oauth2(other).get("/users/me").then().statusCode(401);
        // the audit keeps what happened, without who: no client address or user agent on any entry of the account
        assertThat(Sql.rows("select type from audit_log where user_id = ?::uuid order by id", id))
                .contains("signed_up", "login_succeeded", "account_deleted");
        assertThat(count("select count(*) from audit_log where user_id = ?::uuid and (ip is not null or user_agent is not null)", id))
                .isZero();
        assertThat(Sql.column("select details->>'deletedBy' from audit_log where user_id = ?::uuid and type = 'account_deleted'", id))
                .isEqualTo("owner");
        assertThat(Sql.column("select count(*) from audit_log where details::text like ?", "%" + email + "%")).isEqualTo("0");
        // the notice, to the address the account had
        assertThat(Sql.column("select payload->'recipient'->>'email' from outbox where aggregate_id = ?::uuid and type = ?", id,
                "countersign.notification.accountDeleted.v1")).isEqualTo(email);
        assertThat(Sql.column("select payload->'details'->>'deletedBy' from outbox where aggregate_id = ?::uuid and type = ?", id,
                "countersign.notification.accountDeleted.v1")).isEqualTo("owner");
        // the address is free: a new account, with a new id
        String again = verifiedUser(email);
        assertThat(again).isNotEqualTo(id);
        login(email);
    }

    @Test
    @OffContract("requests without a token are refused on purpose")
    void anAdministratorDeletesAnAccount() {
        String email = "admin-delete-" + UUID.randomUUID() + "@example.com";
        String id = verifiedUser(email);
        String userToken = login(email);
        given().auth().oauth2(userToken).delete("/admin/users/" + id).then().statusCode(403)
                .contentType("application/problem+json").body("code", equalTo("forbidden"));
        given().delete("/admin/users/" + id).then().statusCode(401).body("code", equalTo("unauthenticated"));
        String admin = adminToken();
        given().auth().oauth2(admin).delete("/admin/users/" + UUID.randomUUID()).then().statusCode(404)
                .contentType("application/problem+json").body("code", equalTo("not_found"));
        given().auth().oauth2(admin).delete("/admin/users/not-an-id").then().statusCode(404);
        assertThat(Accounts.exists(email)).isTrue();

        given().auth().oauth2(admin).delete("/admin/users/" + id).then().statusCode(204);
        assertThat(Accounts.exists(email)).isFalse();
        given().auth().oauth2(userToken).get("/users/me").then().statusCode(401);
        assertThat(Sql.column("select payload->'details'->>'deletedBy' from outbox where aggregate_id = ?::uuid and type = ?", id,
                "countersign.notification.accountDeleted.v1")).isEqualTo("admin");
        assertThat(count("select count(*) from audit_log where user_id = ?::uuid and (ip is not null or user_agent is not null)", id))
                .isZero();
        given().auth().oauth2(admin).delete("/admin/users/" + id).then().statusCode(404);
    }

    private static String verifiedUser(String email) {
        given().contentType(ContentType.JSON).body(Map.of("email", email, "password", PASSWORD)).post("/users").then().statusCode(202);
        Sql.update("update users set is_verified = true where email = ?", email);
        return Accounts.idOf(email);
    }

    private static String login(String email) {
        return given().contentType(ContentType.JSON).body(Map.of("strategy", "local", "email", email, "password", PASSWORD))
                .post("/authentication").then().statusCode(201).extract().path("accessToken");
    }

    private static String adminToken() {
        if (!Accounts.exists(AuditTest.ADMIN)) {
            verifiedUser(AuditTest.ADMIN);
        }
        return login(AuditTest.ADMIN);
    }

    private static long count(String sql, Object... params) {
        return Long.parseLong(Sql.column(sql, params));
    }
}
