package io.countersign.api;

import static io.countersign.api.Fixtures.PASSWORD;
import static io.countersign.api.Fixtures.uniqueEmail;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.notNullValue;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import io.countersign.event.NotificationType;
import io.countersign.event.SecretBox;
import io.countersign.testing.OffContract;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.ValidatableResponse;
import jakarta.inject.Inject;

@QuarkusTest
class SessionTest {

    @Inject
    SecretBox box;

    private static ValidatableResponse login(String email, String password) {
        return given().contentType(ContentType.JSON).body(Map.of("strategy", "local", "email", email, "password", password))
                .post("/authentication").then();
    }

    @Test
    void loginAnswersLikeFeathers() {
        String email = uniqueEmail("login");
        String id = Fixtures.verifiedUser(email);
        login(email, PASSWORD).statusCode(201)
                .body("accessToken", notNullValue())
                .body("authentication.strategy", equalTo("local"))
                .body("user.id", equalTo(id))
                .body("user.isVerified", equalTo(true));
    }

    @Test
    void unverifiedUsersAreRefused() {
        String email = uniqueEmail("unverified");
        Fixtures.signUp(email);
        login(email, PASSWORD).statusCode(400).body("name", equalTo("BadRequest"))
                .body("message", equalTo("User's email is not yet verified.")).body("errors.$className", equalTo("isVerified"));
    }

    @Test
    void unknownUserAndWrongPasswordAnswerTheSame() {
        String email = uniqueEmail("known");
        Fixtures.verifiedUser(email);
        String wrong = login(email, "wrong password!").statusCode(401).extract().asString();
        String unknown = login(uniqueEmail("nobody"), "wrong password!").statusCode(401).extract().asString();
        assertThat(wrong).isEqualTo(unknown);
        assertThat(Fixtures.column("select failed_logins::text from users where email = ?", email)).isEqualTo("1");
    }

    @Test
    @OffContract("login bodies of the wrong shape and malformed JSON")
    void loginRejectsBadInputInTheFeathersEnvelope() {
        given().contentType(ContentType.JSON).body(Map.of("email", "a@b.cd")).post("/authentication")
                .then().statusCode(401).body("name", equalTo("NotAuthenticated"));
        given().contentType(ContentType.JSON).body("{\"strategy\":\"local\",\"email\":1,\"password\":[]}").post("/authentication")
                .then().statusCode(401).body("className", equalTo("not-authenticated"));
        given().contentType(ContentType.JSON).body("{\"strategy\":").post("/authentication")
                .then().statusCode(400).body("name", equalTo("BadRequest"));
    }

    @Test
    void logoutEverywhereRevokesEveryAccessToken() {
        String email = uniqueEmail("logout");
        Fixtures.verifiedUser(email);
        String first = Fixtures.login(email, PASSWORD);
        String second = Fixtures.login(email, PASSWORD);
        given().auth().oauth2(first).get("/users/me").then().statusCode(200).body("email", equalTo(email));
        given().auth().oauth2(first).post("/sessions/revoke").then().statusCode(204);
        given().auth().oauth2(first).get("/users/me").then().statusCode(401);
        given().auth().oauth2(second).get("/users/me").then().statusCode(401);
        String third = Fixtures.login(email, PASSWORD);
        given().auth().oauth2(third).get("/users/me").then().statusCode(200);
    }

    /** Issue 14 item 6: sessions could not be listed, nor one ended alone. */
    @Test
    @OffContract("a revoked session's token is sent on purpose")
    void sessionsAreListedAndOneEndsAlone() {
        String email = uniqueEmail("sessions");
        Fixtures.verifiedUser(email);
        String phone = given().header("User-Agent", "PhoneApp/1.0").contentType(ContentType.JSON)
                .body(Map.of("strategy", "local", "email", email, "password", PASSWORD)).post("/authentication").then()
                .statusCode(201).extract().path("accessToken");
        String laptop = given().header("User-Agent", "Laptop/2.0").contentType(ContentType.JSON)
                .body(Map.of("strategy", "local", "email", email, "password", PASSWORD)).post("/authentication").then()
                .statusCode(201).extract().path("accessToken");
        List<Map<String, Object>> listed = given().auth().oauth2(laptop).get("/sessions").then().statusCode(200)
                .contentType("application/json").extract().jsonPath().getList("$");
        assertThat(listed).hasSize(2);
        assertThat(listed.get(0)).containsEntry("userAgent", "Laptop/2.0").containsEntry("current", true)
                .containsKeys("id", "createdAt", "expiresAt");
        assertThat(listed.get(1)).containsEntry("userAgent", "PhoneApp/1.0").containsEntry("current", false);
        String phoneSession = (String) listed.get(1).get("id");

        // another account cannot end it, nor see it
        String stranger = uniqueEmail("stranger");
        Fixtures.verifiedUser(stranger);
        String strangerToken = Fixtures.login(stranger, PASSWORD);
        given().auth().oauth2(strangerToken).delete("/sessions/" + phoneSession).then().statusCode(404)
                .contentType("application/problem+json").body("code", equalTo("not_found"));
        given().auth().oauth2(strangerToken).get("/sessions").then().statusCode(200).body("size()", equalTo(1));
        given().auth().oauth2(phone).get("/users/me").then().statusCode(200);

        given().auth().oauth2(laptop).delete("/sessions/" + phoneSession).then().statusCode(204);
        given().auth().oauth2(phone).get("/users/me").then().statusCode(401).body("code", equalTo("unauthenticated"));
        given().auth().oauth2(laptop).get("/users/me").then().statusCode(200);
        given().auth().oauth2(laptop).delete("/sessions/" + phoneSession).then().statusCode(404).body("code", equalTo("not_found"));
        given().auth().oauth2(laptop).delete("/sessions/not-a-session-id").then().statusCode(404).body("code", equalTo("not_found"));
        given().delete("/sessions/" + phoneSession).then().statusCode(401).body("code", equalTo("unauthenticated"));
        given().get("/sessions").then().statusCode(401).contentType("application/problem+json");
        assertThat(Fixtures.column("select count(*) from audit_log where type = 'session_ended' and details->>'session' = ?",
                phoneSession)).isEqualTo("1");

        // logout everywhere still ends them all
        given().auth().oauth2(laptop).post("/sessions/revoke").then().statusCode(204);
        given().auth().oauth2(laptop).get("/sessions").then().statusCode(401);
    }

    @Test
    @OffContract("requests without or with a forged token")
    void protectedEndpointsRefuseMissingOrForgedTokens() {
        given().get("/users/me").then().statusCode(401).contentType("application/problem+json").body("code", equalTo("unauthenticated"));
        given().auth().oauth2("not.a.jwt").get("/users/me").then().statusCode(401).body("code", equalTo("unauthenticated"));
        given().post("/sessions/revoke").then().statusCode(401);
    }

    @Test
    void callersMayReadOnlyTheirOwnAccount() {
        String email = uniqueEmail("own");
        String id = Fixtures.verifiedUser(email);
        String otherId = Fixtures.verifiedUser(uniqueEmail("other"));
        String token = Fixtures.login(email, PASSWORD);
        given().auth().oauth2(token).get("/users/" + id).then().statusCode(200).body("id", equalTo(id));
        given().auth().oauth2(token).get("/users/" + otherId).then().statusCode(403).body("code", equalTo("forbidden"));
        given().auth().oauth2(token).get("/users/not-a-uuid").then().statusCode(404);
    }

    @Test
    void uniquenessCheckExcludesTheCallersOwnId() {
        String email = uniqueEmail("uniq");
        String id = Fixtures.verifiedUser(email);
        given().contentType(ContentType.JSON).body(Map.of("email", email.toUpperCase())).post("/users/uniqueness")
                .then().statusCode(200).body("available", equalTo(false)).body("fields.email", equalTo("taken"));
        given().contentType(ContentType.JSON).body(Map.of("email", email, "ownId", id)).post("/users/uniqueness")
                .then().statusCode(200).body("available", equalTo(true));
        given().contentType(ContentType.JSON).body(Map.of("email", uniqueEmail("free"), "username", "nobody" + System.nanoTime()))
                .post("/users/uniqueness").then().statusCode(200).body("available", equalTo(true))
                .body("fields.username", equalTo("available"));
        given().contentType(ContentType.JSON).body(Map.of()).post("/users/uniqueness").then().statusCode(400);
        given().contentType(ContentType.JSON).body(Map.of("email", "bad")).post("/users/uniqueness").then().statusCode(400)
                .body("code", equalTo("invalid_identity"));
    }

    @Test
    void repeatedFailuresLockTheAccountUntilTheLockRunsOut() {
        String email = uniqueEmail("lock");
        String id = Fixtures.verifiedUser(email);
        for (int i = 0; i < 5; i++) {
            login(email, "wrong password " + i).statusCode(401);
        }
        login(email, PASSWORD).statusCode(401).body("message", equalTo("Invalid login"));
        assertThat(Fixtures.column("select (locked_until > now())::text from users where id = ?::uuid", id)).isEqualTo("true");
        Fixtures.update("update users set locked_until = now() - interval '1 second' where id = ?::uuid", id);
        login(email, PASSWORD).statusCode(201);
        assertThat(Fixtures.column("select failed_logins::text from users where id = ?::uuid", id)).isEqualTo("0");
    }

    @Test
    void aPasswordResetUnlocksTheAccount() {
        String email = uniqueEmail("unlock");
        String id = Fixtures.verifiedUser(email);
        Fixtures.update("update users set failed_logins = 100, locked_until = '9999-12-31T00:00:00Z' where id = ?::uuid", id);
        login(email, PASSWORD).statusCode(401);
        given().contentType(ContentType.JSON).body(Map.of("email", email)).post("/password/forgot").then().statusCode(202);
        String token = new Fixtures(box).latestSecret(id, NotificationType.SEND_RESET_PWD).token();
        given().contentType(ContentType.JSON).body(Map.of("token", token, "password", "unlocked passphrase"))
                .post("/password/reset").then().statusCode(200);
        login(email, "unlocked passphrase").statusCode(201);
        assertThat(Fixtures.column("select failed_logins::text from users where id = ?::uuid", id)).isEqualTo("0");
    }

    @Test
    void responsesAreNeverCached() {
        given().contentType(ContentType.JSON).body(Map.of("email", uniqueEmail("h"))).post("/password/forgot")
                .then().statusCode(202).header("Cache-Control", "no-store").header("X-Content-Type-Options", "nosniff")
                .header("Referrer-Policy", "no-referrer");
    }
}
