package io.countersign.api;

import static io.countersign.api.Fixtures.PASSWORD;
import static io.countersign.api.Fixtures.uniqueEmail;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;

import java.util.Map;

import org.junit.jupiter.api.Test;

import io.countersign.testing.OffContract;
import io.countersign.event.NotificationType;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;

@QuarkusTest
class PasswordChangeTest {

    static final String NEW_PASSWORD = "another long passphrase";

    /**
     * Issue 14 item 6: the change revoked the caller's own token, logging out the client that made it. The caller's
     * session stays (the answer carries its token); every other session of the account ends.
     */
    @Test
    void changingThePasswordKeepsTheCallersSessionAndEndsEveryOther() {
        String email = uniqueEmail("change");
        String id = Fixtures.verifiedUser(email);
        String token = Fixtures.login(email, PASSWORD);
        String other = Fixtures.login(email, PASSWORD);
        String answered = given().auth().oauth2(token).contentType(ContentType.JSON)
                .body(Map.of("currentPassword", PASSWORD, "newPassword", NEW_PASSWORD))
                .post("/password/change").then().statusCode(200).body("user.id", equalTo(id)).extract().path("accessToken");
        assertThat(answered).isEqualTo(token);
        given().auth().oauth2(token).get("/users/me").then().statusCode(200);
        given().auth().oauth2(other).get("/users/me").then().statusCode(401).body("code", equalTo("unauthenticated"));
        given().auth().oauth2(token).get("/sessions").then().statusCode(200).body("size()", equalTo(1))
                .body("[0].current", equalTo(true));
        Fixtures.login(email, NEW_PASSWORD);
        assertThat(Fixtures.outboxCount(id, NotificationType.PASSWORD_CHANGE)).isEqualTo(1);
        // the same session changes the password again
        given().auth().oauth2(token).contentType(ContentType.JSON).body(Map.of("currentPassword", NEW_PASSWORD, "newPassword", PASSWORD))
                .post("/password/change").then().statusCode(200);
    }

    @Test
    void aWrongCurrentPasswordChangesNothing() {
        String email = uniqueEmail("wrongcurrent");
        String id = Fixtures.verifiedUser(email);
        String token = Fixtures.login(email, PASSWORD);
        String hash = Fixtures.column("select password_hash from users where id = ?::uuid", id);
        given().auth().oauth2(token).contentType(ContentType.JSON)
                .body(Map.of("currentPassword", "not my password", "newPassword", NEW_PASSWORD))
                .post("/password/change").then().statusCode(400).body("code", equalTo("password_incorrect"))
                .body("errors[0].field", equalTo("currentPassword"));
        assertThat(Fixtures.column("select password_hash from users where id = ?::uuid", id)).isEqualTo(hash);
        given().auth().oauth2(token).get("/users/me").then().statusCode(200);
    }

    @Test
    void theNewPasswordMustMeetThePolicy() {
        String email = uniqueEmail("policy");
        Fixtures.verifiedUser(email);
        String token = Fixtures.login(email, PASSWORD);
        given().auth().oauth2(token).contentType(ContentType.JSON).body(Map.of("currentPassword", PASSWORD, "newPassword", "short"))
                .post("/password/change").then().statusCode(400).body("code", equalTo("password_policy"));
        given().auth().oauth2(token).get("/users/me").then().statusCode(200);
    }

    @Test
    @OffContract("a request without an access token")
    void anUnauthenticatedCallerCannotChangeAPassword() {
        given().contentType(ContentType.JSON).body(Map.of("currentPassword", PASSWORD, "newPassword", NEW_PASSWORD))
                .post("/password/change").then().statusCode(401).body("code", equalTo("unauthenticated"));
    }

    @Test
    @OffContract("a required field left out")
    void missingFieldsAreRefused() {
        String email = uniqueEmail("missing");
        Fixtures.verifiedUser(email);
        String token = Fixtures.login(email, PASSWORD);
        given().auth().oauth2(token).contentType(ContentType.JSON).body(Map.of("newPassword", NEW_PASSWORD))
                .post("/password/change").then().statusCode(400).body("code", equalTo("invalid_request"))
                .body("errors[0].field", equalTo("currentPassword"));
    }
}
