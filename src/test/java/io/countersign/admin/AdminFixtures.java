package io.countersign.admin;

import static io.restassured.RestAssured.given;

import java.util.List;
import java.util.Map;

import io.countersign.testing.Accounts;
import io.countersign.testing.Sql;
import io.restassured.http.ContentType;

/** The admin account of {@link AdminProfile} (countersign.admin.emails) and API keys made with its token. */
final class AdminFixtures {

    static final String ADMIN = AdminProfile.ADMIN;

    private AdminFixtures() {
    }

    /** A fresh access token of the admin account, created verified when it does not exist yet. */
    static String adminToken() {
        if (!Accounts.exists(ADMIN)) {
            given().contentType(ContentType.JSON).body(Map.of("email", ADMIN, "password", AdminApiTest.PASSWORD)).post("/users")
                    .then().statusCode(202);
            Sql.update("update users set is_verified = true where email = ?", ADMIN);
        }
        return AdminApiTest.login(ADMIN, AdminApiTest.PASSWORD).then().statusCode(201).extract().path("accessToken");
    }

    /** A new API key with the scopes, created by the admin account. */
    static Map<String, String> newKey(String adminToken, String... scopes) {
        var created = given().auth().oauth2(adminToken).contentType(ContentType.JSON)
                .body(Map.of("name", "test key", "scopes", List.of(scopes))).post("/admin/keys").then().statusCode(201).extract();
        return Map.of("id", created.path("id"), "key", created.path("key"));
    }
}
