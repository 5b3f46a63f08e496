package io.countersign.web;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;

import java.util.List;
import java.util.UUID;

import org.junit.jupiter.api.Test;

import io.countersign.testing.OffContract;
import io.countersign.flow.NotifierOptions;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;

/**
 * Regression tests for what the fuzzer (fuzz/FuzzTest) found: each of these answered 500 or an empty 4xx, or
 * was accepted and failed later in the notifier.
 */
@QuarkusTest
@OffContract("each test replays a malformed request that fuzzing found")
class FuzzFindingsTest {

    private static String email() {
        return "finding-" + UUID.randomUUID() + "@example.com";
    }

    /** A malformed Accept header made content negotiation throw while writing the 202: a 500. */
    @Test
    void malformedAcceptHeadersAreDisregarded() {
        for (String accept : new String[] { "garbage", ";;;", "" }) {
            given().contentType(ContentType.JSON).header("Accept", accept).body("{\"email\":\"" + email() + "\"}")
                    .post("/password/forgot").then().statusCode(202).body("status", equalTo("accepted"));
        }
        // and a refusal is still problem+json
        given().contentType(ContentType.JSON).header("Accept", "garbage").body("{\"email\":1}")
                .post("/password/forgot").then().statusCode(400).contentType(Problem.MEDIA_TYPE).body("code", equalTo("invalid_request"));
    }

    /** U+0000 reached PostgreSQL (jsonb refuses it: SQLSTATE 22P05), a 500; now refused at the edge. */
    @Test
    void nulCharactersAreRefusedAtTheEdge() {
        given().contentType(ContentType.JSON).body("{\"email\":\"" + email() + "\",\"notifierOptions\":{\"\\u0000\":\" \"}}")
                .post("/password/forgot").then().statusCode(400).contentType(Problem.MEDIA_TYPE).body("code", equalTo("invalid_request"));
        given().contentType(ContentType.JSON).body("{\"email\":\"" + email() + "\",\"displayName\":\"a\\u0000b\","
                + "\"password\":\"violet tractor umbrella 47\"}")
                .post("/users").then().statusCode(400).body("code", equalTo("invalid_request"));
        given().contentType(ContentType.JSON).body("{\"action\":\"sendResetPwd\",\"value\":{\"email\":\"a\\u0000@example.com\"}}")
                .post("/authManagement").then().statusCode(400).body("name", equalTo("BadRequest"))
                .body("errors.$className", equalTo("badParams"));
        given().contentType(ContentType.JSON).body("{\"strategy\":\"local\",\"email\":\"a\\u0000@example.com\",\"password\":\"x\"}")
                .post("/authentication").then().statusCode(400).body("name", equalTo("BadRequest"));
    }

    /**
     * An unpaired surrogate (the JSON escape {@code \\ud800} alone) in a display name reached PostgreSQL as bytes that
     * are not UTF-8 (SQLSTATE 22021), a 500 found by FuzzTest; now refused at the edge like U+0000.
     */
    @Test
    void unpairedSurrogatesAreRefusedAtTheEdge() {
        given().contentType(ContentType.JSON).body("{\"email\":\"" + email() + "\",\"displayName\":\"a\\ud800b\","
                + "\"password\":\"violet tractor umbrella 47\"}")
                .post("/users").then().statusCode(400).contentType(Problem.MEDIA_TYPE).body("code", equalTo("invalid_request"));
        given().contentType(ContentType.JSON).body("{\"email\":\"" + email() + "\",\"displayName\":\"\\udc00\","
                + "\"password\":\"violet tractor umbrella 47\"}")
                .post("/users").then().statusCode(400).body("code", equalTo("invalid_request"));
        given().contentType(ContentType.JSON).body("{\"action\":\"sendResetPwd\",\"value\":{\"email\":\"a\\ud83d@example.com\"}}")
                .post("/authManagement").then().statusCode(400).body("name", equalTo("BadRequest"));
        // a real pair (an emoji) is fine
        given().contentType(ContentType.JSON).body("{\"email\":\"" + email() + "\",\"displayName\":\"Ada \\ud83d\\ude00\","
                + "\"password\":\"violet tractor umbrella 47\"}")
                .post("/users").then().statusCode(202);
    }

    /**
     * Matrix parameters with an encoded percent sign: Quarkus REST decoded the path a second time and failed, a 500
     * with a stack trace in the body (found by FuzzTest); now 404 problem+json before routing.
     */
    @Test
    void pathsNoResourceCanHaveAreNotFound() {
        for (String path : List.of("/users;/c%25/b;", "/sessions/revoke;ba/%252%25&c%25///", "/identity/change;.b/ba%25c",
                "/authManagement;x")) {
            given().urlEncodingEnabled(false).contentType(ContentType.JSON).body("{}").post(path).then().statusCode(404)
                    .contentType(Problem.MEDIA_TYPE).body("code", equalTo("not_found"));
        }
        // an ordinary escape still routes
        given().urlEncodingEnabled(false).get("/users/%6De").then().statusCode(401).body("code", equalTo("unauthenticated"));
    }

    /** An unknown transport was accepted (202) and the event dead-lettered by the notifier later. */
    @Test
    void anUnknownTransportIsRefusedBeforeAnythingIsSent() {
        given().contentType(ContentType.JSON).body("{\"email\":\"" + email() + "\",\"notifierOptions\":{\"transport\":\"pigeon\"}}")
                .post("/password/forgot").then().statusCode(400).contentType(Problem.MEDIA_TYPE)
                .body("code", equalTo("invalid_request")).body("errors[0].field", equalTo("notifierOptions.transport"));
        given().contentType(ContentType.JSON).body("{\"email\":\"" + email() + "\",\"notifierOptions\":{\"transport\":\"pigeon\"}}")
                .post("/verification/resend").then().statusCode(400).body("code", equalTo("invalid_request"));
        given().contentType(ContentType.JSON).body("{\"email\":\"" + email() + "\",\"password\":\"violet tractor umbrella 47\","
                + "\"notifierOptions\":{\"transport\":\"pigeon\"}}").post("/users").then().statusCode(400);
        given().contentType(ContentType.JSON).body("{\"action\":\"sendResetPwd\",\"value\":{\"email\":\"" + email()
                + "\"},\"notifierOptions\":{\"transport\":\"pigeon\"}}")
                .post("/authManagement").then().statusCode(400).body("message", equalTo(NotifierOptions.INVALID_TRANSPORT));
        // email and sms, in any case, still pass
        given().contentType(ContentType.JSON).body("{\"email\":\"" + email() + "\",\"notifierOptions\":{\"transport\":\" SMS \"}}")
                .post("/password/forgot").then().statusCode(202);
    }

    /**
     * An Accept header naming another type (image/png, problem+json) made the 202 "accepted" answers take that content
     * type, with the record's toString() as the body (found by FuzzTest checking answers against the OpenAPI
     * document). They are JSON whatever the client accepts.
     */
    @Test
    void acceptedAnswersAreJsonWhateverTheAcceptHeader() {
        for (String accept : new String[] { "image/png", "application/problem+json" }) {
            given().contentType(ContentType.JSON).header("Accept", accept).body("{\"email\":\"" + email() + "\"}")
                    .post("/password/forgot").then().statusCode(202).contentType("application/json")
                    .body("status", equalTo("accepted"));
        }
    }

    /** Quarkus answered an oversize body with an empty 413; now it is problem+json. */
    @Test
    void anOversizeBodyIsAProblem() {
        String huge = "{\"email\":\"" + "a".repeat(70_000) + "@example.com\"}";
        given().contentType(ContentType.JSON).body(huge).post("/password/forgot").then().statusCode(413)
                .contentType(Problem.MEDIA_TYPE).body("code", equalTo("payload_too_large")).body("status", equalTo(413));
    }
}
