package io.countersign.api;

import static io.countersign.api.Fixtures.PASSWORD;
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
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.ValidatableResponse;
import jakarta.inject.Inject;

@QuarkusTest
class PasswordResetTest {

    static final String NEW_PASSWORD = "a brand new passphrase";

    @Inject
    SecretBox box;

    Fixtures fx;

    @BeforeEach
    void setUp() {
        fx = new Fixtures(box);
    }

    private static ValidatableResponse forgot(Map<String, ?> body) {
        return given().contentType(ContentType.JSON).body(body).post("/password/forgot").then();
    }

    private static ValidatableResponse reset(Map<String, ?> body) {
        return given().contentType(ContentType.JSON).body(body).post("/password/reset").then();
    }

    private SecretPayload resetSecret(String id) {
        return fx.latestSecret(id, NotificationType.SEND_RESET_PWD);
    }

    private static ValidatableResponse loginAttempt(String email, String password) {
        return given().contentType(ContentType.JSON).body(Map.of("strategy", "local", "email", email, "password", password))
                .post("/authentication").then();
    }

    @Test
    void forgotPasswordRecordsAResetNotification() {
        String email = uniqueEmail("forgot");
        String id = Fixtures.verifiedUser(email);
        forgot(Map.of("email", email.toUpperCase())).statusCode(202).body("status", equalTo("accepted"));
        SecretPayload secret = resetSecret(id);
        assertThat(secret.token()).isNotBlank();
        assertThat(secret.code()).matches("[0-9]{6}");
    }

    @Test
    void forgotPasswordAnswersAlikeForUnknownAndUnverifiedAccountsAndSendsNothing() {
        String verified = uniqueEmail("known");
        Fixtures.verifiedUser(verified);
        String unverified = uniqueEmail("unverified");
        Fixtures.signUp(unverified);
        long before = Fixtures.outboxTotal();
        String unknownBody = forgot(Map.of("email", uniqueEmail("ghost"))).statusCode(202).extract().asString();
        String unverifiedBody = forgot(Map.of("email", unverified)).statusCode(202).extract().asString();
        assertThat(Fixtures.outboxTotal()).isEqualTo(before);
        String knownBody = forgot(Map.of("email", verified)).statusCode(202).extract().asString();
        assertThat(unknownBody).isEqualTo(unverifiedBody).isEqualTo(knownBody);
        assertThat(Fixtures.outboxTotal()).isEqualTo(before + 1);
    }

    @Test
    void resetByLinkSetsTheNewPasswordAndRevokesSessions() {
        String email = uniqueEmail("reset");
        String id = Fixtures.verifiedUser(email);
        String oldToken = Fixtures.login(email, PASSWORD);
        forgot(Map.of("email", email)).statusCode(202);
        reset(Map.of("token", resetSecret(id).token(), "password", NEW_PASSWORD)).statusCode(200).body("id", equalTo(id));
        loginAttempt(email, PASSWORD).statusCode(401);
        loginAttempt(email, NEW_PASSWORD).statusCode(201);
        given().auth().oauth2(oldToken).get("/users/me").then().statusCode(401).body("code", equalTo("unauthenticated"));
        assertThat(Fixtures.outboxCount(id, NotificationType.RESET_PWD)).isEqualTo(1);
    }

    @Test
    void resetByCodeNeedsTheIdentityItWasSentTo() {
        String email = uniqueEmail("resetcode");
        String id = Fixtures.verifiedUser(email);
        forgot(Map.of("email", email)).statusCode(202);
        String code = resetSecret(id).code();
        // enumeration protection on (issue 14 item 3): an unknown address and a spent code answer as a wrong code
        reset(Map.of("code", code, "email", uniqueEmail("ghost"), "password", NEW_PASSWORD)).statusCode(400)
                .body("code", equalTo("token_incorrect"));
        reset(Map.of("code", code, "email", email, "password", NEW_PASSWORD)).statusCode(200);
        loginAttempt(email, NEW_PASSWORD).statusCode(201);
        reset(Map.of("code", code, "email", email, "password", "yet another passphrase")).statusCode(400)
                .body("code", equalTo("token_incorrect"));
    }

    @Test
    void aWrongCodeDoesNotCancelTheResetUntilTheAttemptsAreSpent() {
        String email = uniqueEmail("guess");
        String id = Fixtures.verifiedUser(email);
        forgot(Map.of("email", email)).statusCode(202);
        SecretPayload secret = resetSecret(id);
        String wrong = secret.code().equals("123456") ? "654321" : "123456";
        reset(Map.of("code", wrong, "email", email, "password", NEW_PASSWORD)).statusCode(400).body("code", equalTo("token_incorrect"));
        reset(Map.of("token", secret.token(), "password", NEW_PASSWORD)).statusCode(200);
    }

    @Test
    void aWeakNewPasswordIsRefusedAndTheTokenStaysUsable() {
        String email = uniqueEmail("weakreset");
        String id = Fixtures.verifiedUser(email);
        forgot(Map.of("email", email)).statusCode(202);
        String token = resetSecret(id).token();
        reset(Map.of("token", token, "password", "1234")).statusCode(400).body("code", equalTo("password_policy"));
        reset(Map.of("token", token, "password", email)).statusCode(400).body("code", equalTo("password_policy"));
        reset(Map.of("token", token)).statusCode(400).body("code", equalTo("invalid_request"));
        reset(Map.of("token", token, "password", NEW_PASSWORD)).statusCode(200);
    }

    @Test
    void expiredReusedAndSupersededResetTokensAreRefused() {
        String email = uniqueEmail("stale");
        String id = Fixtures.verifiedUser(email);
        forgot(Map.of("email", email)).statusCode(202);
        String first = resetSecret(id).token();
        Fixtures.ageChallenges(id);
        forgot(Map.of("email", email)).statusCode(202);
        String second = resetSecret(id).token();
        reset(Map.of("token", first, "password", NEW_PASSWORD)).statusCode(400).body("code", equalTo("token_invalid"));
        Fixtures.expireChallenges(id);
        reset(Map.of("token", second, "password", NEW_PASSWORD)).statusCode(400).body("code", equalTo("token_expired"));
        Fixtures.update("update challenges set expires_at = now() + interval '1 hour' where selector = ?", second.split("\\.")[0]);
        reset(Map.of("token", second, "password", NEW_PASSWORD)).statusCode(200);
        reset(Map.of("token", second, "password", NEW_PASSWORD)).statusCode(400).body("code", equalTo("token_invalid"));
    }

    @Test
    void aVerificationTokenCannotResetAPassword() {
        String email = uniqueEmail("crosspurpose");
        String id = Fixtures.signUp(email);
        String verifyToken = fx.latestSecret(id, NotificationType.RESEND_VERIFY_SIGNUP).token();
        reset(Map.of("token", verifyToken, "password", NEW_PASSWORD)).statusCode(400).body("code", equalTo("token_invalid"));
        assertThat(column("select password_hash from users where id = ?::uuid", id)).isNotNull();
    }

    @Test
    void aGuessableNewPasswordIsRefusedAndTheLinkStillWorks() {
        String email = uniqueEmail("weakreset");
        String id = Fixtures.verifiedUser(email);
        forgot(Map.of("email", email)).statusCode(202);
        SecretPayload secret = resetSecret(id);
        reset(Map.of("token", secret.token(), "password", "qwerty12345678")).statusCode(400)
                .body("code", equalTo("password_policy"))
                .body("detail", org.hamcrest.Matchers.startsWith("The password is too easy to guess"));
        reset(Map.of("token", secret.token(), "password", "a brand new passphrase")).statusCode(200);
        loginAttempt(email, "a brand new passphrase").statusCode(201);
    }
}
