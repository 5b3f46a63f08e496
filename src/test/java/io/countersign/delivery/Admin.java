package io.countersign.delivery;

import static io.restassured.RestAssured.given;

import java.util.Map;

import io.countersign.testing.Accounts;
import io.countersign.testing.Sql;
import io.restassured.http.ContentType;

/** The administrator of the tests' configuration ({@code %test.countersign.admin.emails}): no profile, no restart. */
public final class Admin {

    public static final String EMAIL = "delivery-admin@example.com";
    public static final String PASSWORD = "violet tractor umbrella 47";

    private Admin() {
    }

    public static String token() {
        if (!Accounts.exists(EMAIL)) {
            given().contentType(ContentType.JSON).body(Map.of("email", EMAIL, "password", PASSWORD)).post("/users")
                    .then().statusCode(202);
            Sql.update("update users set is_verified = true where email = ?", EMAIL);
        }
        return given().contentType(ContentType.JSON).body(Map.of("strategy", "local", "email", EMAIL, "password", PASSWORD))
                .post("/authentication").then().statusCode(201).extract().path("accessToken");
    }
}
