package io.countersign.compat;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;
import java.util.Set;

import io.restassured.response.Response;

/** Assertions on the Feathers wire format: status, content type and the exact keys of the error envelope. */
final class Feathers {

    static final String JSON_UTF8 = "application/json; charset=utf-8";
    static final Set<String> USER_KEYS = Set.of("id", "email", "phone", "username", "displayName", "isVerified",
            "preferredChannel", "locale", "createdAt", "updatedAt", "emailUndeliverable");

    private Feathers() {
    }

    static Map<String, Object> json(Response r, int status) {
        r.then().statusCode(status).header("Content-Type", JSON_UTF8);
        return r.jsonPath().getMap("");
    }

    /** A library-style BadRequest: data {}, errors.$className (or no $className when null). */
    @SuppressWarnings("unchecked")
    static Map<String, Object> badRequest(Response r, String message, String famClassName) {
        Map<String, Object> body = json(r, 400);
        assertEquals(Set.of("name", "message", "code", "className", "data", "errors"), body.keySet(), body::toString);
        assertEquals("BadRequest", body.get("name"));
        assertEquals(message, body.get("message"));
        assertEquals(400, body.get("code"));
        assertEquals("bad-request", body.get("className"));
        assertEquals(Map.of(), body.get("data"));
        Map<String, Object> errors = (Map<String, Object>) body.get("errors");
        assertEquals(famClassName, errors.get("$className"), body::toString);
        return errors;
    }

    static void badParams(Response r, String message) {
        badRequest(r, message, "badParams");
    }

    /** NotAuthenticated, Forbidden, MethodNotAllowed, …: exactly {name, message, code, className}. */
    static void error(Response r, int status, String name, String className, String message) {
        Map<String, Object> body = json(r, status);
        assertEquals(Set.of("name", "message", "code", "className"), body.keySet(), body::toString);
        assertEquals(name, body.get("name"));
        assertEquals(status, body.get("code"));
        assertEquals(className, body.get("className"));
        if (message != null) {
            assertEquals(message, body.get("message"));
        }
    }

    static void notAuthenticated(Response r) {
        error(r, 401, "NotAuthenticated", "not-authenticated", null);
    }

    /** 201 with the sanitized user: no password hash, tokens, expiries or counters. */
    static Map<String, Object> user(Response r, CompatFixtures.Account account) {
        Map<String, Object> body = json(r, 201);
        assertEquals(USER_KEYS, body.keySet(), body::toString);
        assertEquals(account.id().toString(), body.get("id"));
        assertTrue(!body.toString().contains("$2") && !body.toString().contains("$cs1$"), "no hash in " + body);
        return body;
    }
}
