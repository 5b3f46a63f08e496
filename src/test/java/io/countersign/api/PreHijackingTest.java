package io.countersign.api;

import static io.countersign.api.Fixtures.column;
import static io.countersign.api.Fixtures.uniqueEmail;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;

import java.util.Map;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.countersign.event.NotificationType;
import io.countersign.event.SecretBox;
import io.countersign.event.SecretPayload;
import io.countersign.flow.UnverifiedExpiry;
import io.countersign.testing.Accounts;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.ValidatableResponse;
import jakarta.inject.Inject;

/**
 * Issue 14 item 1, account pre-hijacking (Sudhodanan & Paverd, 2022, "classic" attack): an attacker signs up the
 * victim's address with the attacker's password, and the victim later proves the address. Whatever the order of
 * sign-ups, resends and verifications, a password chosen by someone who never proved the address never logs in.
 */
@QuarkusTest
class PreHijackingTest {

    private static final String ATTACKER = "attacker chose this 91 quietly";
    private static final String VICTIM = "victim owns the mailbox 37 calmly";

    @Inject
    SecretBox box;

    @Inject
    UnverifiedExpiry expiry;

    Fixtures fx;

    @BeforeEach
    void setUp() {
        fx = new Fixtures(box);
    }

    @Test
    void theVictimClickingTheMailTheyDidNotAskForDoesNotActivateTheAttackersPassword() {
        String email = uniqueEmail("hijack-link");
        String id = signUp(email, ATTACKER);
        confirm(Map.of("token", secret(id).token())).statusCode(200).body("isVerified", equalTo(true));
        assertThat(login(email, ATTACKER)).isEqualTo(401);
        assertThat(column("select password_hash is null from users where id = ?::uuid", id)).isEqualTo("t");
    }

    @Test
    void theVictimsOwnSignUpAndResendThenVerifyingByCodeDoNotActivateTheAttackersPassword() {
        String email = uniqueEmail("hijack-resend");
        String id = signUp(email, ATTACKER);
        signUp(email, VICTIM); // answered like any sign-up; the address's owner gets an "account exists" notice
        Fixtures.ageChallenges(id);
        given().contentType(ContentType.JSON).body(Map.of("email", email)).post("/verification/resend").then().statusCode(202);
        confirm(Map.of("code", secret(id).code(), "email", email)).statusCode(200);
        assertThat(login(email, ATTACKER)).isEqualTo(401);
        assertThat(login(email, VICTIM)).isEqualTo(401);
    }

    @Test
    void verifyingWithAPasswordMakesThatPasswordTheOnlyOne() {
        String email = uniqueEmail("hijack-setpw");
        String id = signUp(email, ATTACKER);
        confirm(Map.of("token", secret(id).token(), "password", VICTIM)).statusCode(200);
        assertThat(login(email, ATTACKER)).isEqualTo(401);
        assertThat(login(email, VICTIM)).isEqualTo(201);
    }

    @Test
    void theSignerWhoRepeatsTheirPasswordAtVerificationKeepsIt() {
        String email = uniqueEmail("own");
        String id = signUp(email, VICTIM);
        confirm(Map.of("token", secret(id).token(), "password", VICTIM)).statusCode(200);
        assertThat(login(email, VICTIM)).isEqualTo(201);
    }

    @Test
    void compatVerifySignupShortAndLongDoNotActivateTheAttackersPassword() {
        String shortEmail = uniqueEmail("hijack-compat-s");
        String shortId = signUp(shortEmail, ATTACKER);
        compat(Map.of("action", "verifySignupShort", "value",
                Map.of("token", secret(shortId).code(), "user", Map.of("email", shortEmail)))).statusCode(201);
        assertThat(login(shortEmail, ATTACKER)).isEqualTo(401);

        String longEmail = uniqueEmail("hijack-compat-l");
        String longId = signUp(longEmail, ATTACKER);
        compat(Map.of("action", "verifySignupLong", "value", secret(longId).token())).statusCode(201);
        assertThat(login(longEmail, ATTACKER)).isEqualTo(401);
    }

    @Test
    void anExpiredUnverifiedAccountFreesItsAddressForTheNextSignUp() {
        String email = uniqueEmail("hijack-expired");
        String attackers = signUp(email, ATTACKER);
        Fixtures.update("update users set created_at = now() - interval '8 days' where id = ?::uuid", attackers);
        String victims = signUp(email, VICTIM);
        assertThat(victims).isNotEqualTo(attackers);
        assertThat(column("select count(*) from users where id = ?::uuid", attackers)).isEqualTo("0");
        confirm(Map.of("token", secret(victims).token(), "password", VICTIM)).statusCode(200);
        assertThat(login(email, VICTIM)).isEqualTo(201);
    }

    @Test
    void theSweepDeletesExpiredUnverifiedAccountsOnly() {
        String expired = signUp(uniqueEmail("sweep-old"), ATTACKER);
        String young = signUp(uniqueEmail("sweep-young"), ATTACKER);
        String verified = Fixtures.verifiedUser(uniqueEmail("sweep-verified"));
        Fixtures.update("update users set created_at = now() - interval '8 days' where id = any(?::uuid[])",
                "{" + expired + "," + young + "," + verified + "}");
        Fixtures.update("update users set created_at = now() - interval '6 days' where id = ?::uuid", young);
        assertThat(expiry.sweep().await().indefinitely()).isGreaterThanOrEqualTo(1);
        assertThat(column("select count(*) from users where id = ?::uuid", expired)).isEqualTo("0");
        assertThat(column("select count(*) from users where id = ?::uuid", young)).isEqualTo("1");
        assertThat(column("select count(*) from users where id = ?::uuid", verified)).isEqualTo("1");
    }

    private static String signUp(String email, String password) {
        given().contentType(ContentType.JSON).body(Map.of("email", email, "password", password)).post("/users").then()
                .statusCode(202);
        return Accounts.idOf(email);
    }

    private SecretPayload secret(String id) {
        return fx.latestSecret(id, NotificationType.RESEND_VERIFY_SIGNUP);
    }

    private static ValidatableResponse confirm(Map<String, ?> body) {
        return given().contentType(ContentType.JSON).body(body).post("/verification/confirm").then();
    }

    private static ValidatableResponse compat(Map<String, ?> body) {
        return given().contentType(ContentType.JSON).body(body).post("/authManagement").then();
    }

    private static int login(String email, String password) {
        return given().contentType(ContentType.JSON).body(Map.of("strategy", "local", "email", email, "password", password))
                .post("/authentication").then().extract().statusCode();
    }
}
