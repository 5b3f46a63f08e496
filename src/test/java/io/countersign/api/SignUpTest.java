package io.countersign.api;

import static io.countersign.api.Fixtures.PASSWORD;
import static io.countersign.api.Fixtures.column;
import static io.countersign.api.Fixtures.uniqueEmail;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasKey;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.notNullValue;

import java.util.HashMap;
import java.util.Map;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;

import io.countersign.testing.OffContract;
import io.countersign.event.NotificationType;
import io.countersign.event.SecretBox;
import io.countersign.event.SecretPayload;
import io.countersign.testing.Accounts;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import jakarta.inject.Inject;

@QuarkusTest
class SignUpTest {

    @Inject
    SecretBox box;

    @Test
    void signUpCreatesAnUnverifiedUserEvenWhenTheClientClaimsVerified() {
        String email = uniqueEmail("New.User");
        Map<String, Object> body = new HashMap<>(Map.of("email", email, "password", PASSWORD, "isVerified", true,
                "locale", "de", "displayName", "Ada"));
        given().contentType(ContentType.JSON).body(body).post("/users")
                .then().statusCode(202)
                .body("status", equalTo("accepted"))
                .body("$", not(hasKey("id")))
                .body("$", not(hasKey("password")));
        String id = Accounts.idOf(email);
        assertThat(column("select is_verified::text from users where id = ?::uuid", id)).isEqualTo("false");
        assertThat(column("select email from users where id = ?::uuid", id)).isEqualTo(email.toLowerCase());
        assertThat(column("select locale from users where id = ?::uuid", id)).isEqualTo("de");
        assertThat(column("select display_name from users where id = ?::uuid", id)).isEqualTo("Ada");
        assertThat(column("select preferred_channel from users where id = ?::uuid", id)).isEqualTo("email");
    }

    @Test
    void signUpStoresOnlyABcryptHashOfThePassword() {
        String id = Fixtures.signUp(uniqueEmail("hash"));
        String hash = column("select password_hash from users where id = ?::uuid", id);
        assertThat(hash).startsWith("$cs1$$2a$").doesNotContain(PASSWORD);
    }

    @Test
    void signUpRecordsAVerificationNotificationWithASealedTokenAndCode() {
        String id = Fixtures.signUp(uniqueEmail("outbox"));
        JsonNode payload = Fixtures.latestPayload(id, NotificationType.RESEND_VERIFY_SIGNUP);
        assertThat(payload).isNotNull();
        assertThat(payload.get("notificationType").asText()).isEqualTo("resendVerifySignup");
        assertThat(payload.get("secret").get("alg").asText()).isEqualTo("A256GCM");
        SecretPayload secret = new Fixtures(box).latestSecret(id, NotificationType.RESEND_VERIFY_SIGNUP);
        assertThat(secret.token()).matches("[A-Za-z0-9_-]{16}\\.[A-Za-z0-9_-]{43}");
        assertThat(secret.code()).matches("[0-9]{6}");
        assertThat(payload.toString()).doesNotContain(secret.token()).doesNotContain(secret.token().split("\\.")[1]);
        String selector = secret.token().split("\\.")[0];
        assertThat(column("select count(*) from challenges where selector = ? and purpose = 'verify'", selector)).isEqualTo("1");
    }

    @Test
    void aRegisteredEmailIsNotRevealedButItsOwnerIsTold() {
        String email = uniqueEmail("dup");
        String owner = Fixtures.signUp(email);
        long before = Fixtures.outboxTotal();
        given().contentType(ContentType.JSON).body(Map.of("email", "  " + email.toUpperCase() + " ", "password", PASSWORD))
                .post("/users").then().statusCode(202)
                .body("status", equalTo("accepted"));
        assertThat(column("select count(*) from users where email = ?", email.toLowerCase())).isEqualTo("1");
        assertThat(Fixtures.outboxCount(owner, NotificationType.ACCOUNT_EXISTS)).isEqualTo(1);
        assertThat(Fixtures.outboxTotal()).isEqualTo(before + 1);
        JsonNode notice = Fixtures.latestPayload(owner, NotificationType.ACCOUNT_EXISTS);
        assertThat(notice.get("recipient").get("email").asText()).isEqualTo(email.toLowerCase());
        assertThat(notice.get("secret").isNull()).isTrue();
        // the owner has not verified yet: the notice must not advise signing in or resetting, which both fail
        assertThat(notice.get("details").get("verified").asText()).isEqualTo("false");
        assertThat(column("select count(*) from audit_log where user_id = ?::uuid and type = 'sign_up_with_existing_address'",
                owner)).isEqualTo("1");
    }

    @Test
    void theNoticeToAVerifiedOwnerSaysTheAccountIsVerified() {
        String email = uniqueEmail("dupverified");
        String owner = Fixtures.verifiedUser(email);
        given().contentType(ContentType.JSON).body(Map.of("email", email, "password", PASSWORD))
                .post("/users").then().statusCode(202);
        JsonNode notice = Fixtures.latestPayload(owner, NotificationType.ACCOUNT_EXISTS);
        assertThat(notice.get("details").get("verified").asText()).isEqualTo("true");
    }

    @Test
    void aRegisteredPhoneGetsTheNoticeBySmsButATakenUsernameIsRefused() {
        String phone = Fixtures.uniquePhone();
        String username = "user" + System.nanoTime();
        given().contentType(ContentType.JSON).body(Map.of("phone", phone, "username", username, "password", PASSWORD))
                .post("/users").then().statusCode(202);
        String owner = Accounts.idOfPhone(phone);
        assertThat(column("select preferred_channel from users where id = ?::uuid", owner)).isEqualTo("sms");
        // a code sent by SMS lives at most countersign.tokens.sms-lifetime (10 minutes), not the 24 h of email
        assertThat(column("select extract(epoch from expires_at - created_at)::int from challenges where user_id = ?::uuid", owner))
                .isEqualTo("600");
        given().contentType(ContentType.JSON).body(Map.of("phone", phone, "email", uniqueEmail("p"), "password", PASSWORD))
                .post("/users").then().statusCode(202);
        JsonNode notice = Fixtures.latestPayload(owner, NotificationType.ACCOUNT_EXISTS);
        assertThat(notice.get("recipient").get("phone").asText()).isEqualTo(phone);
        assertThat(notice.get("recipient").get("preferredChannel").asText()).isEqualTo("sms");
        assertThat(notice.get("recipient").get("email").isNull()).isTrue();
        assertThat(column("select count(*) from users where phone = ?", phone)).isEqualTo("1");
        given().contentType(ContentType.JSON).body(Map.of("email", uniqueEmail("u"), "username", username.toUpperCase(), "password", PASSWORD))
                .post("/users").then().statusCode(409).body("code", equalTo("identity_taken"))
                .body("errors[0].field", equalTo("username"));
    }

    @Test
    void invalidEmailPhoneOrChannelIsRejected() {
        given().contentType(ContentType.JSON).body(Map.of("email", "not-an-email", "password", PASSWORD))
                .post("/users").then().statusCode(400).body("code", equalTo("invalid_identity")).body("errors[0].field", equalTo("email"));
        given().contentType(ContentType.JSON).body(Map.of("phone", "0151 123", "password", PASSWORD))
                .post("/users").then().statusCode(400).body("code", equalTo("invalid_identity")).body("errors[0].field", equalTo("phone"));
        given().contentType(ContentType.JSON).body(Map.of("email", uniqueEmail("ch"), "preferredChannel", "sms", "password", PASSWORD))
                .post("/users").then().statusCode(400).body("code", equalTo("invalid_request")).body("errors[0].field", equalTo("preferredChannel"));
        given().contentType(ContentType.JSON).body(Map.of("password", PASSWORD))
                .post("/users").then().statusCode(400).body("code", equalTo("invalid_request"));
    }

    @Test
    void shortPasswordOrPasswordEqualToTheEmailIsRejectedAndNothingIsStored() {
        long before = Fixtures.outboxTotal();
        String email = uniqueEmail("weak");
        given().contentType(ContentType.JSON).body(Map.of("email", email, "password", "short"))
                .post("/users").then().statusCode(400).body("code", equalTo("password_policy")).body("errors[0].field", equalTo("password"));
        given().contentType(ContentType.JSON).body(Map.of("email", email, "password", email))
                .post("/users").then().statusCode(400).body("code", equalTo("password_policy"));
        assertThat(column("select count(*) from users where email = ?", email)).isEqualTo("0");
        assertThat(Fixtures.outboxTotal()).isEqualTo(before);
    }

    @Test
    @OffContract("malformed JSON, wrong types, oversize fields, a non-JSON content type")
    void malformedBodiesAnswer400ProblemsAndStoreNothing() {
        long users = Long.parseLong(column("select count(*) from users"));
        given().contentType(ContentType.JSON).body("{\"email\": ").post("/users")
                .then().statusCode(400).contentType("application/problem+json").body("code", equalTo("invalid_request"));
        given().contentType(ContentType.JSON).body("[{\"email\":\"a@b.cd\"}]").post("/users")
                .then().statusCode(400).body("code", equalTo("invalid_request"));
        given().contentType(ContentType.JSON).body("{\"email\": {\"x\": 1}, \"password\": \"" + PASSWORD + "\"}").post("/users")
                .then().statusCode(400).body("code", equalTo("invalid_request")).body("errors[0].field", equalTo("email"));
        given().contentType(ContentType.JSON).body(Map.of("email", "a".repeat(5000) + "@example.com", "password", PASSWORD)).post("/users")
                .then().statusCode(400).body("code", equalTo("invalid_request")).body("errors[0].field", equalTo("email"));
        given().contentType(ContentType.JSON).body("").post("/users")
                .then().statusCode(400).body("code", equalTo("invalid_request"));
        given().contentType(ContentType.TEXT).body("email=x").post("/users")
                .then().statusCode(415).body("code", equalTo("unsupported_media_type"));
        assertThat(Long.parseLong(column("select count(*) from users"))).isEqualTo(users);
    }

    @Test
    void passwordsLongerThanBcrypts72BytesAreNotTruncated() {
        String email = uniqueEmail("long");
        String prefix = "plum harbour quietly folds seven paper lanterns beside the amber lighthouse at dusk";
        given().contentType(ContentType.JSON).body(Map.of("email", email, "password", prefix + "-one")).post("/users")
                .then().statusCode(202);
        Fixtures.update("update users set is_verified = true where email = ?", email);
        given().contentType(ContentType.JSON).body(Map.of("strategy", "local", "email", email, "password", prefix + "-two"))
                .post("/authentication").then().statusCode(401);
        given().contentType(ContentType.JSON).body(Map.of("strategy", "local", "email", email, "password", prefix + "-one"))
                .post("/authentication").then().statusCode(201).body("accessToken", notNullValue());
    }
}
