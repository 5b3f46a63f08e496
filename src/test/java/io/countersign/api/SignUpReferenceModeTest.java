package io.countersign.api;

import static io.countersign.api.Fixtures.PASSWORD;
import static io.countersign.api.Fixtures.column;
import static io.countersign.api.Fixtures.uniqueEmail;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasKey;
import static org.hamcrest.Matchers.not;

import java.util.Map;

import org.junit.jupiter.api.Test;

import io.countersign.event.NotificationType;
import io.countersign.testing.EnumerationProtectionOff;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.restassured.http.ContentType;

/** Sign-up with enumeration protection switched off: 201 with the account, 409 when an identifier is taken. */
@QuarkusTest
@TestProfile(EnumerationProtectionOff.class)
class SignUpReferenceModeTest {

    @Test
    void signUpAnswersWithTheNewAccountAndItsLocation() {
        String email = uniqueEmail("ref.New");
        var response = given().contentType(ContentType.JSON)
                .body(Map.of("email", email, "password", PASSWORD, "isVerified", true, "locale", "de")).post("/users");
        response.then().statusCode(201)
                .body("isVerified", equalTo(false))
                .body("email", equalTo(email.toLowerCase()))
                .body("locale", equalTo("de"))
                .body("$", not(hasKey("password")))
                .body("$", not(hasKey("passwordHash")));
        String id = response.path("id");
        assertThat(response.header("Location")).endsWith("/users/" + id);
        assertThat(column("select email from users where id = ?::uuid", id)).isEqualTo(email.toLowerCase());
    }

    @Test
    void takenIdentifiersAreRefusedByName() {
        String email = uniqueEmail("ref.dup");
        String owner = given().contentType(ContentType.JSON).body(Map.of("email", email, "password", PASSWORD))
                .post("/users").then().statusCode(201).extract().path("id");
        given().contentType(ContentType.JSON).body(Map.of("email", "  " + email.toUpperCase() + " ", "password", PASSWORD))
                .post("/users").then().statusCode(409)
                .contentType("application/problem+json")
                .body("code", equalTo("identity_taken"))
                .body("errors[0].field", equalTo("email"));
        assertThat(column("select count(*) from users where email = ?", email.toLowerCase())).isEqualTo("1");
        assertThat(Fixtures.outboxCount(owner, NotificationType.ACCOUNT_EXISTS)).isZero();

        String phone = Fixtures.uniquePhone();
        given().contentType(ContentType.JSON).body(Map.of("phone", phone, "password", PASSWORD))
                .post("/users").then().statusCode(201).body("preferredChannel", equalTo("sms"));
        given().contentType(ContentType.JSON).body(Map.of("phone", phone, "password", PASSWORD))
                .post("/users").then().statusCode(409).body("errors[0].field", equalTo("phone"));
    }
}
