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

import com.fasterxml.jackson.databind.JsonNode;

import io.countersign.testing.OffContract;
import io.countersign.event.NotificationType;
import io.countersign.event.SecretBox;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.ValidatableResponse;
import jakarta.inject.Inject;

@QuarkusTest
class IdentityChangeTest {

    @Inject
    SecretBox box;

    Fixtures fx;

    @BeforeEach
    void setUp() {
        fx = new Fixtures(box);
    }

    private static ValidatableResponse change(String token, Map<String, ?> body) {
        return given().auth().oauth2(token).contentType(ContentType.JSON).body(body).post("/identity/change").then();
    }

    private static ValidatableResponse post(String path, Map<String, ?> body) {
        return given().contentType(ContentType.JSON).body(body).post(path).then();
    }

    @Test
    void changeConfirmAndRevertAnEmailAddress() {
        String oldEmail = uniqueEmail("old");
        String newEmail = uniqueEmail("new");
        String id = Fixtures.verifiedUser(oldEmail);
        String token = Fixtures.login(oldEmail, PASSWORD);

        change(token, Map.of("password", PASSWORD, "email", newEmail)).statusCode(202);
        assertThat(column("select email from users where id = ?::uuid", id)).isEqualTo(oldEmail);
        JsonNode request = Fixtures.latestPayload(id, NotificationType.IDENTITY_CHANGE);
        assertThat(request.get("recipient").get("email").asText()).isEqualTo(newEmail);

        post("/identity/confirm", Map.of("token", fx.latestSecret(id, NotificationType.IDENTITY_CHANGE).token()))
                .statusCode(200).body("email", equalTo(newEmail));
        assertThat(column("select email from users where id = ?::uuid", id)).isEqualTo(newEmail);
        given().auth().oauth2(token).get("/users/me").then().statusCode(401);
        JsonNode revertNotice = Fixtures.latestPayload(id, NotificationType.IDENTITY_CHANGE_REVERT);
        assertThat(revertNotice.get("recipient").get("email").asText()).isEqualTo(oldEmail);

        post("/identity/revert", Map.of("token", fx.latestSecret(id, NotificationType.IDENTITY_CHANGE_REVERT).token()))
                .statusCode(200).body("email", equalTo(oldEmail));
        assertThat(column("select email from users where id = ?::uuid", id)).isEqualTo(oldEmail);
        assertThat(column("select password_hash from users where id = ?::uuid", id)).isNull();
        given().contentType(ContentType.JSON).body(Map.of("strategy", "local", "email", oldEmail, "password", PASSWORD))
                .post("/authentication").then().statusCode(401);
        String resetToken = fx.latestSecret(id, NotificationType.IDENTITY_CHANGE_REVERTED).token();
        post("/password/reset", Map.of("token", resetToken, "password", "fresh passphrase here")).statusCode(200);
        Fixtures.login(oldEmail, "fresh passphrase here");
    }

    @Test
    void confirmByCodeWithTheCurrentIdentity() {
        String email = uniqueEmail("codechange");
        String phone = Fixtures.uniquePhone();
        String id = Fixtures.verifiedUser(email);
        String token = Fixtures.login(email, PASSWORD);
        change(token, Map.of("password", PASSWORD, "phone", phone)).statusCode(202);
        JsonNode request = Fixtures.latestPayload(id, NotificationType.IDENTITY_CHANGE);
        assertThat(request.get("recipient").get("phone").asText()).isEqualTo(phone);
        assertThat(request.get("recipient").get("preferredChannel").asText()).isEqualTo("sms");
        String code = fx.latestSecret(id, NotificationType.IDENTITY_CHANGE).code();
        post("/identity/confirm", Map.of("code", code, "email", email)).statusCode(200).body("phone", equalTo(phone));
    }

    @Test
    void aTakenAddressIsRefusedAndNothingIsPending() {
        String taken = uniqueEmail("taken");
        Fixtures.verifiedUser(taken);
        String email = uniqueEmail("mine");
        String id = Fixtures.verifiedUser(email);
        String token = Fixtures.login(email, PASSWORD);
        change(token, Map.of("password", PASSWORD, "email", taken.toUpperCase())).statusCode(409)
                .body("code", equalTo("identity_taken")).body("errors[0].field", equalTo("email"));
        assertThat(Fixtures.outboxCount(id, NotificationType.IDENTITY_CHANGE)).isZero();
    }

    @Test
    void theAddressTakenBeforeConfirmationIsRefusedAtConfirmation() {
        String email = uniqueEmail("race");
        String target = uniqueEmail("target");
        String id = Fixtures.verifiedUser(email);
        String token = Fixtures.login(email, PASSWORD);
        change(token, Map.of("password", PASSWORD, "email", target)).statusCode(202);
        Fixtures.verifiedUser(target);
        post("/identity/confirm", Map.of("token", fx.latestSecret(id, NotificationType.IDENTITY_CHANGE).token()))
                .statusCode(409).body("code", equalTo("identity_taken"));
        assertThat(column("select email from users where id = ?::uuid", id)).isEqualTo(email);
    }

    @Test
    @OffContract("a request without an access token")
    void aWrongPasswordOrNoCallerIsRefused() {
        String email = uniqueEmail("pw");
        Fixtures.verifiedUser(email);
        String token = Fixtures.login(email, PASSWORD);
        change(token, Map.of("password", "wrong password", "email", uniqueEmail("x"))).statusCode(400)
                .body("code", equalTo("password_incorrect"));
        given().contentType(ContentType.JSON).body(Map.of("password", PASSWORD, "email", uniqueEmail("y")))
                .post("/identity/change").then().statusCode(401);
        change(token, Map.of("password", PASSWORD, "email", email)).statusCode(400).body("code", equalTo("nothing_to_change"));
        change(token, Map.of("password", PASSWORD)).statusCode(400).body("code", equalTo("invalid_request"));
        change(token, Map.of("password", PASSWORD, "email", "broken")).statusCode(400).body("code", equalTo("invalid_identity"));
    }

    @Test
    void revertNeedsItsOwnToken() {
        String email = uniqueEmail("revtok");
        String id = Fixtures.verifiedUser(email);
        String token = Fixtures.login(email, PASSWORD);
        change(token, Map.of("password", PASSWORD, "email", uniqueEmail("n"))).statusCode(202);
        String changeToken = fx.latestSecret(id, NotificationType.IDENTITY_CHANGE).token();
        post("/identity/revert", Map.of("token", changeToken)).statusCode(400).body("code", equalTo("token_invalid"));
        post("/identity/revert", Map.of("code", "123456", "email", email)).statusCode(400).body("code", equalTo("invalid_request"));
    }
}
