package io.countersign.security;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.startsWith;

import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.Test;

import io.countersign.testing.Accounts;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;

/** The blocklist of common passwords, on both surfaces; the error names the rule that failed. */
@QuarkusTest
class PasswordPolicyTest {

    @Test
    void signUpWithACommonPasswordIsRefusedNamingTheRule() {
        String email = "policy-" + UUID.randomUUID() + "@example.com";
        given().contentType(ContentType.JSON).body(Map.of("email", email, "password", "Passw0rd")).post("/users").then()
                .statusCode(400).contentType("application/problem+json")
                .body("code", equalTo("password_policy"))
                .body("detail", equalTo("The password is too common: it is on a list of frequently used passwords."))
                .body("errors[0].field", equalTo("password"));
        assertThat(AuditTest.count("select count(*) from users where email = ?", email)).isZero();
    }

    @Test
    void aFamousPassphraseIsOnTheList() {
        given().contentType(ContentType.JSON)
                .body(Map.of("email", "policy-" + UUID.randomUUID() + "@example.com", "password", "Correct Horse Battery Staple"))
                .post("/users").then().statusCode(400).body("code", equalTo("password_policy"));
    }

    @Test
    void otherRulesStillNameThemselves() {
        given().contentType(ContentType.JSON).body(Map.of("email", "policy-" + UUID.randomUUID() + "@example.com",
                "password", "short")).post("/users").then().statusCode(400)
                .body("code", equalTo("password_policy"))
                .body("detail", equalTo("The password must have at least 8 characters."));
        String email = "policy-" + UUID.randomUUID() + "@example.com";
        given().contentType(ContentType.JSON).body(Map.of("email", email, "password", email.toUpperCase())).post("/users").then()
                .statusCode(400).body("detail", equalTo("The password must not be your email, phone or username."));
    }

    @Test
    void anUncommonPassphraseIsAccepted() {
        given().contentType(ContentType.JSON).body(Map.of("email", "policy-" + UUID.randomUUID() + "@example.com",
                "password", "lantern orbit pickle 42")).post("/users").then().statusCode(202);
    }

    @Test
    void compatAnswersTheRuleInTheFeathersEnvelope() {
        given().contentType(ContentType.JSON).body(Map.of("action", "resetPwdLong",
                "value", Map.of("token", "x".repeat(40), "password", "iloveyou1"))).post("/authManagement").then()
                .statusCode(400).body("name", equalTo("BadRequest"))
                .body("message", equalTo("The password is too common: it is on a list of frequently used passwords."))
                .body("errors.password", equalTo("The password is too common: it is on a list of frequently used passwords."));
    }

    @Test
    void aGuessablePasswordIsRefusedByTheStrengthEstimateWithItsScore() {
        given().contentType(ContentType.JSON).body(Map.of("email", "policy-" + UUID.randomUUID() + "@example.com",
                "password", "Summer2024!")).post("/users").then().statusCode(400)
                .contentType("application/problem+json")
                .body("code", equalTo("password_policy"))
                .body("errors[0].field", equalTo("password"))
                .body("detail", startsWith("The password is too easy to guess (strength 2 of 4, at least 3 needed)."));
        given().contentType(ContentType.JSON).body(Map.of("email", "policy-" + UUID.randomUUID() + "@example.com",
                "password", "abcabcabcabcabc")).post("/users").then().statusCode(400)
                .body("detail", startsWith("The password is too easy to guess"));
    }

    @Test
    void aPasswordBuiltOnTheUsersOwnAddressIsWeak() {
        String local = "marguerite.okonkwo" + (System.nanoTime() % 1000);
        String email = local + "@example.com";
        given().contentType(ContentType.JSON).body(Map.of("email", email, "password", local + "!1")).post("/users").then()
                .statusCode(400).body("detail", startsWith("The password is too easy to guess"));
        assertThat(Accounts.exists(email)).isFalse();
        // the same password is strong enough for someone else
        given().contentType(ContentType.JSON).body(Map.of("email", "policy-" + UUID.randomUUID() + "@example.com",
                "password", local + "!1")).post("/users").then().statusCode(202);
    }
}
