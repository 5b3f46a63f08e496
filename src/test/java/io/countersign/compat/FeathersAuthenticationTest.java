package io.countersign.compat;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;

import java.util.Map;
import java.util.Set;

import org.junit.jupiter.api.Test;

import io.countersign.testing.OffContract;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import jakarta.inject.Inject;

/** POST /authentication answers as the Feathers authentication service with the local strategy. */
@QuarkusTest
class FeathersAuthenticationTest {

    @Inject
    CompatFixtures fixtures;

    private static Response authenticate(Object body) {
        return given().contentType(ContentType.JSON).body(body).post("/authentication");
    }

    @Test
    @SuppressWarnings("unchecked")
    void localStrategyAnswersAccessTokenAuthenticationAndSanitizedUser() {
        CompatFixtures.Account a = fixtures.user(true);
        Map<String, Object> body = Feathers.json(authenticate(Map.of("strategy", "local", "email", a.email(), "password",
                CompatFixtures.PASSWORD)), 201);
        assertEquals(Set.of("accessToken", "authentication", "user"), body.keySet());
        assertNotNull(body.get("accessToken"));
        Map<String, Object> authentication = (Map<String, Object>) body.get("authentication");
        assertEquals(Set.of("strategy", "payload"), authentication.keySet());
        assertEquals("local", authentication.get("strategy"));
        assertEquals(a.id().toString(), ((Map<String, Object>) authentication.get("payload")).get("sub"));
        Map<String, Object> user = (Map<String, Object>) body.get("user");
        assertEquals(Feathers.USER_KEYS, user.keySet());
        assertEquals(true, user.get("isVerified"));
    }

    @Test
    void wrongPasswordIsNotAuthenticatedInvalidLogin() {
        CompatFixtures.Account a = fixtures.user(true);
        Response r = authenticate(Map.of("strategy", "local", "email", a.email(), "password", "wrong password"));
        Feathers.error(r, 401, "NotAuthenticated", "not-authenticated", "Invalid login");
        assertEquals("{\"name\":\"NotAuthenticated\",\"message\":\"Invalid login\",\"code\":401,\"className\":\"not-authenticated\"}",
                r.asString());
    }

    @Test
    void unknownOrMalformedEmailIsTheSameInvalidLogin() {
        Feathers.error(authenticate(Map.of("strategy", "local", "email", "nobody-" + System.nanoTime() + "@example.com",
                "password", "whatever1")), 401, "NotAuthenticated", "not-authenticated", "Invalid login");
        Feathers.error(authenticate(Map.of("strategy", "local", "email", "not-an-email", "password", "whatever1")), 401,
                "NotAuthenticated", "not-authenticated", "Invalid login");
    }

    @Test
    @OffContract("login bodies without password or identifier")
    void missingPasswordOrEmailIsInvalidLogin() {
        Feathers.error(authenticate(Map.of("strategy", "local", "email", "a@example.com")), 401, "NotAuthenticated",
                "not-authenticated", "Invalid login");
        Feathers.error(authenticate(Map.of("strategy", "local", "password", "x", "email", 5)), 401, "NotAuthenticated",
                "not-authenticated", "Invalid login");
    }

    @Test
    void unverifiedUserIsRefusedWithIsVerified() {
        CompatFixtures.Account a = fixtures.user(false);
        Map<String, Object> r = Feathers.json(authenticate(Map.of("strategy", "local", "email", a.email(), "password",
                CompatFixtures.PASSWORD)), 400);
        assertEquals("User's email is not yet verified.", r.get("message"));
        assertEquals(Map.of("$className", "isVerified"), r.get("errors"));
    }

    @Test
    @OffContract("no or an unknown strategy")
    void missingOrOtherStrategyIsNotAuthenticated() {
        Feathers.error(authenticate(Map.of("email", "a@example.com", "password", "x")), 401, "NotAuthenticated",
                "not-authenticated", "Invalid authentication information (no `strategy` set)");
        Feathers.error(authenticate(Map.of("strategy", "oauth", "email", "a@example.com", "password", "x")), 401,
                "NotAuthenticated", "not-authenticated", "Invalid authentication information (strategy not allowed in authStrategies)");
    }

    @Test
    @SuppressWarnings("unchecked")
    void jwtStrategyReauthenticatesWithAStillValidToken() {
        CompatFixtures.Account a = fixtures.user(true);
        String token = CompatFixtures.login(a, CompatFixtures.PASSWORD);
        Map<String, Object> body = Feathers.json(authenticate(Map.of("strategy", "jwt", "accessToken", token)), 201);
        assertEquals(token, body.get("accessToken"));
        assertEquals("jwt", ((Map<String, Object>) body.get("authentication")).get("strategy"));
        assertEquals(a.id().toString(), ((Map<String, Object>) body.get("user")).get("id"));
    }

    @Test
    @OffContract("a missing access token")
    void jwtStrategyRefusesRevokedForgedOrMissingTokens() {
        CompatFixtures.Account a = fixtures.user(true);
        String token = CompatFixtures.login(a, CompatFixtures.PASSWORD);
        String forged = token.substring(0, token.lastIndexOf('.') + 1) + "AAAA" + token.substring(token.lastIndexOf('.') + 5);
        Feathers.notAuthenticated(authenticate(Map.of("strategy", "jwt", "accessToken", forged)));
        Feathers.notAuthenticated(authenticate(Map.of("strategy", "jwt", "accessToken", "garbage")));
        Feathers.error(authenticate(Map.of("strategy", "jwt")), 401, "NotAuthenticated", "not-authenticated", "No access token");
        given().header("Authorization", "Bearer " + token).post("/sessions/revoke").then().statusCode(204);
        Feathers.notAuthenticated(authenticate(Map.of("strategy", "jwt", "accessToken", token)));
    }

    @Test
    @OffContract("malformed JSON")
    void malformedJsonIsBadRequest() {
        Feathers.badParams(authenticate("{\"strategy\":"), "The request body is not valid JSON.");
        Feathers.badParams(authenticate("[1]"), "The request body must be a JSON object.");
    }
}
