package io.countersign.fuzz;

import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.Tuple;

/**
 * jqwik generators of HTTP requests against both surfaces. Each family aims at one kind of bad input:
 * valid-shaped bodies with mutated fields, raw bodies (random bytes, malformed JSON, scalars, deep nesting,
 * oversize), odd headers, mutated paths, and every method on every path. Real identifiers, ids and challenge
 * selectors from {@link Seeds} are mixed in, so that the inputs also reach existing accounts.
 */
final class FuzzGenerators {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Base64.Encoder B64URL = Base64.getUrlEncoder().withoutPadding();

    /** The account API and the compat endpoints; {@code {id}} is filled in by the path generators. */
    static final List<String> PATHS = List.of("/users", "/users/uniqueness", "/users/me", "/users/{id}",
            "/verification/resend", "/verification/confirm", "/password/forgot", "/password/reset", "/password/change",
            "/identity/change", "/identity/confirm", "/identity/revert", "/sessions/revoke", "/admin/users/{id}/audit",
            "/authManagement", "/authentication");

    private static final List<String> COMPAT_ACTIONS = List.of("checkUnique", "resendVerifySignup", "verifySignupLong",
            "verifySignupShort", "verifySignupSetPasswordLong", "verifySignupSetPasswordShort", "sendResetPwd", "resetPwdLong",
            "resetPwdShort", "passwordChange", "identityChange", "options");

    private final Seeds seeds;
    // built once: generators made inside flatMap would be created anew for every value, which is slow
    private final List<Endpoint> endpoints;
    private final Map<Endpoint, Arbitrary<String>> authorizations = new java.util.HashMap<>();
    private final Arbitrary<List<Mutation>> mutations;
    private final Arbitrary<String> jsonTypes;
    private final Arbitrary<String> authorizationJunk;

    FuzzGenerators(Seeds seeds) {
        this.seeds = seeds;
        this.endpoints = defineEndpoints();
        this.mutations = mutation().list().ofMinSize(1).ofMaxSize(3);
        this.jsonTypes = contentTypeMostlyJson();
        this.authorizationJunk = defineAuthorizationJunk();
        for (Endpoint e : endpoints) {
            authorizations.put(e, defineAuthorization(e));
        }
    }

    /** Every family, weighted; shaped bodies dominate because they get furthest into the flows. */
    Arbitrary<FuzzRequest> requests() {
        return Arbitraries.frequencyOf(
                Tuple.of(45, shapedRequests()),
                Tuple.of(15, rawBodyRequests()),
                Tuple.of(15, oddHeaderRequests()),
                Tuple.of(15, pathRequests()),
                Tuple.of(10, methodRequests()));
    }

    // ------------------------------------------------------------------ endpoints and their valid-shaped bodies

    private record Endpoint(String method, String path, boolean authenticated, Arbitrary<Map<String, Object>> body) {
    }

    private List<Endpoint> endpoints() {
        return endpoints;
    }

    private List<Endpoint> defineEndpoints() {
        return List.of(
                new Endpoint("POST", "/users", false, object(
                        "email", email(), "phone", phone(), "username", username(), "password", password(),
                        "displayName", text(), "preferredChannel", Arbitraries.of("email", "sms", "fax", ""),
                        "locale", Arbitraries.of("en", "de", "de-DE", "zz", ""), "notifierOptions", options())),
                new Endpoint("POST", "/users/uniqueness", false, object(
                        "email", email(), "phone", phone(), "username", username(), "ownId", userId())),
                new Endpoint("GET", "/users/me", true, null),
                new Endpoint("GET", "/users/{id}", true, null),
                new Endpoint("POST", "/verification/resend", false, object(
                        "email", email(), "phone", phone(), "username", username(), "token", token(), "notifierOptions", options())),
                new Endpoint("POST", "/verification/confirm", false, redeem()),
                new Endpoint("POST", "/password/forgot", false, object(
                        "email", email(), "phone", phone(), "username", username(), "notifierOptions", options())),
                new Endpoint("POST", "/password/reset", false, redeem()),
                new Endpoint("POST", "/password/change", true, object("currentPassword", password(), "newPassword", password())),
                new Endpoint("POST", "/identity/change", true, object("password", password(), "email", email(), "phone", phone())),
                new Endpoint("POST", "/identity/confirm", false, redeem()),
                new Endpoint("POST", "/identity/revert", false, object("token", token())),
                new Endpoint("POST", "/sessions/revoke", true, null),
                new Endpoint("GET", "/admin/users/{id}/audit", true, null),
                new Endpoint("POST", "/authManagement", false, compatAction()),
                new Endpoint("POST", "/authManagement", true, compatAction()),
                new Endpoint("POST", "/authentication", false, authentication()));
    }

    private Arbitrary<Map<String, Object>> redeem() {
        return Arbitraries.oneOf(
                object("token", token(), "password", password()),
                object("code", code(), "email", email(), "phone", phone(), "username", username(), "password", password()));
    }

    private Arbitrary<Map<String, Object>> compatAction() {
        Arbitrary<Map<String, Object>> user = object("email", email(), "phone", phone(), "username", username());
        List<Arbitrary<Map<String, Object>>> actions = new ArrayList<>();
        for (String action : COMPAT_ACTIONS) {
            Arbitrary<Object> value = switch (action) {
                case "checkUnique", "resendVerifySignup", "sendResetPwd" -> widen(user);
                case "verifySignupLong" -> widen(token());
                case "verifySignupSetPasswordLong", "resetPwdLong" -> widen(object("token", token(), "password", password()));
                case "verifySignupShort" -> widen(object("user", user, "token", code()));
                case "verifySignupSetPasswordShort", "resetPwdShort" ->
                    widen(object("user", user, "token", code(), "password", password()));
                case "passwordChange" -> widen(object("user", user, "oldPassword", password(), "password", password()));
                case "identityChange" -> widen(object("user", user, "password", password(),
                        "changes", object("email", email(), "phone", phone())));
                default -> Arbitraries.just(null);
            };
            actions.add(object("action", Arbitraries.just(action), "value", value, "notifierOptions", options(),
                    "ownId", userId(), "meta", object("noErrMsg", Arbitraries.of(true, false))));
        }
        return Arbitraries.oneOf(actions);
    }

    private Arbitrary<Map<String, Object>> authentication() {
        return Arbitraries.oneOf(
                object("strategy", Arbitraries.of("local", "local", "LOCAL", "jwt", "anonymous", ""), "email", email(),
                        "phone", phone(), "username", username(), "password", password()),
                object("strategy", Arbitraries.of("jwt", "jwt", "local"), "accessToken", accessToken()));
    }

    /**
     * Fields with these names and values; every field is left out with some probability, so that each body
     * carries a subset (missing fields are one of the mutations).
     */
    private static Arbitrary<Map<String, Object>> object(Object... namesAndValues) {
        List<Arbitrary<Map.Entry<String, Object>>> fields = new ArrayList<>();
        for (int i = 0; i < namesAndValues.length; i += 2) {
            String name = (String) namesAndValues[i];
            @SuppressWarnings("unchecked")
            Arbitrary<Object> value = (Arbitrary<Object>) namesAndValues[i + 1];
            fields.add(value.map(v -> (Map.Entry<String, Object>) new java.util.AbstractMap.SimpleEntry<>(name, v)).injectNull(0.35));
        }
        return Combinators.combine(fields).as(entries -> {
            Map<String, Object> map = new LinkedHashMap<>();
            for (Map.Entry<String, Object> e : entries) {
                if (e != null) {
                    map.put(e.getKey(), e.getValue());
                }
            }
            return map;
        });
    }

    @SuppressWarnings("unchecked")
    private static Arbitrary<Object> widen(Arbitrary<?> arbitrary) {
        return (Arbitrary<Object>) arbitrary;
    }

    // ------------------------------------------------------------------ field values

    private Arbitrary<String> email() {
        Arbitrary<String> real = Arbitraries.of(seeds.emails());
        return Arbitraries.frequencyOf(
                Tuple.of(4, real),
                Tuple.of(2, real.map(e -> "  " + e.toUpperCase(java.util.Locale.ROOT) + " ")),
                Tuple.of(2, Arbitraries.strings().alpha().numeric().ofMinLength(1).ofMaxLength(12).map(s -> s + "@fuzz.example")),
                Tuple.of(3, junk()));
    }

    private Arbitrary<String> phone() {
        return Arbitraries.frequencyOf(
                Tuple.of(3, Arbitraries.of(seeds.phones())),
                Tuple.of(2, Arbitraries.strings().numeric().ofMinLength(0).ofMaxLength(20).map(s -> "+" + s)),
                Tuple.of(1, Arbitraries.of(seeds.phones()).map(p -> p.substring(0, 3) + " (" + p.substring(3, 6) + ") " + p.substring(6))),
                Tuple.of(2, junk()));
    }

    private Arbitrary<String> username() {
        return Arbitraries.frequencyOf(
                Tuple.of(3, Arbitraries.of(seeds.usernames())),
                Tuple.of(2, Arbitraries.strings().withChars("abcXYZ019._-äß").ofMinLength(0).ofMaxLength(70)),
                Tuple.of(2, junk()));
    }

    private Arbitrary<String> userId() {
        return Arbitraries.frequencyOf(
                Tuple.of(3, Arbitraries.of(seeds.userIds())),
                Tuple.of(2, Arbitraries.randomValue(r -> new java.util.UUID(r.nextLong(), r.nextLong()).toString())),
                Tuple.of(2, junk()));
    }

    /** Never the seeded accounts' password: a fuzzed request must not log in or change anything by luck. */
    private static Arbitrary<String> password() {
        return Arbitraries.frequencyOf(
                Tuple.of(3, Arbitraries.strings().ofMinLength(0).ofMaxLength(40)),
                Tuple.of(2, Arbitraries.strings().alpha().withChars(' ').ofMinLength(8).ofMaxLength(30)),
                Tuple.of(1, Arbitraries.of("password", "12345678", "", " ", "\u0000\u0000\u0000\u0000\u0000\u0000\u0000\u0000")),
                Tuple.of(2, junk()));
    }

    private Arbitrary<String> token() {
        Arbitrary<String> verifier = Arbitraries.strings().withChars("ABCabc012_-").ofLength(43);
        return Arbitraries.frequencyOf(
                Tuple.of(4, Combinators.combine(Arbitraries.of(seeds.selectors()), verifier).as((s, v) -> s + "." + v)),
                Tuple.of(2, Combinators.combine(Arbitraries.strings().withChars("xyzXYZ789-_").ofLength(16), verifier)
                        .as((s, v) -> s + "." + v)),
                Tuple.of(1, Arbitraries.of(seeds.selectors()).map(s -> s + ".")),
                Tuple.of(1, code()),
                Tuple.of(2, junk()));
    }

    private static Arbitrary<String> code() {
        return Arbitraries.frequencyOf(
                Tuple.of(4, Arbitraries.strings().numeric().ofLength(6)),
                Tuple.of(1, Arbitraries.strings().numeric().ofMinLength(0).ofMaxLength(40)),
                Tuple.of(1, Arbitraries.strings().withChars("ABCDEF234 ").ofMinLength(1).ofMaxLength(8)),
                Tuple.of(1, junk()));
    }

    private Arbitrary<String> accessToken() {
        return Arbitraries.oneOf(jwtJunk(), junk());
    }

    private static Arbitrary<Map<String, Object>> options() {
        return Arbitraries.oneOf(
                object("transport", Arbitraries.of("email", "sms", "pigeon"), "preferredComm", Arbitraries.of("email", "sms")),
                Arbitraries.maps(Arbitraries.strings().ofMaxLength(120), widen(Arbitraries.strings().ofMaxLength(120)))
                        .ofMaxSize(14));
    }

    private static Arbitrary<String> text() {
        return Arbitraries.oneOf(Arbitraries.strings().ofMaxLength(120), unicode());
    }

    /** Strings that break naive code: unicode edge cases, injection shapes, control characters, huge lengths. */
    static Arbitrary<String> junk() {
        return Arbitraries.frequencyOf(
                Tuple.of(3, Arbitraries.strings().all().ofMaxLength(60)),
                Tuple.of(3, unicode()),
                Tuple.of(2, Arbitraries.of("", " ", "null", "undefined", "NaN", "-1", "0", "true", "[]", "{}",
                        "' OR '1'='1", "\"; drop table users; --", "%00", "\u0000", "../../etc/passwd", "${jndi:ldap://x/a}",
                        "{{7*7}}", "<script>alert(1)</script>", "a@b", "@", "a@b@c.d", "+", "+0", "+00000000000000000000",
                        "user_" + "x".repeat(64), "\uFEFFbom@example.com", "e\u0301@example.com", "ΑΒΓ@παράδειγμα.δοκιμή")),
                Tuple.of(1, Arbitraries.integers().between(200, 5000).map("x"::repeat)),
                Tuple.of(1, Arbitraries.integers().between(20_000, 70_000).map(n -> "é".repeat(n / 2))));
    }

    private static Arbitrary<String> unicode() {
        return Arbitraries.oneOf(
                Arbitraries.strings().withCharRange('\u0080', '\uFFFF').ofMaxLength(40),
                Arbitraries.of("😀", "👩‍👩‍👧‍👦", "\u202Eevil\u202C", "\uD800", "\uDC00x", "\u0301\u0301\u0301", "İı", "ﬀ", "ß",
                        "\u2028\u2029", "\t\r\n", "\u007F", "Ａｄｍｉｎ", "\u200B", "𝔘𝔫𝔦"));
    }

    /** Values of the wrong type for any field. */
    private static Arbitrary<Object> wrongType() {
        return Arbitraries.oneOf(
                widen(Arbitraries.integers()),
                widen(Arbitraries.longs()),
                widen(Arbitraries.of(new BigInteger("123456789012345678901234567890123456789"), BigInteger.ONE.negate())),
                widen(Arbitraries.doubles()),
                widen(Arbitraries.of(true, false)),
                Arbitraries.just(null),
                widen(Arbitraries.strings().ofMaxLength(10).list().ofMaxSize(4)),
                widen(Arbitraries.maps(Arbitraries.strings().ofMaxLength(8), widen(Arbitraries.integers())).ofMaxSize(3)),
                widen(Arbitraries.just(List.of(Map.of("email", "nested@example.com")))),
                widen(Arbitraries.just(Map.of("$ne", ""))));
    }

    private static Arbitrary<Object> anyValue() {
        return Arbitraries.frequencyOf(Tuple.of(3, wrongType()), Tuple.of(2, widen(junk())));
    }

    // ------------------------------------------------------------------ family 1: shaped bodies, mutated

    /** A mutation of a body: replace a field, drop it, add one, null it, or reshape the whole body. */
    private record Mutation(int kind, int field, Object value, String extraKey) {

        Object apply(Object body) {
            if (kind == 4) {
                return switch (field % 4) {
                    case 0 -> List.of(body);
                    case 1 -> Map.of("data", body);
                    case 2 -> String.valueOf(value);
                    default -> List.of(body, body);
                };
            }
            if (!(body instanceof Map<?, ?>)) {
                return body;
            }
            @SuppressWarnings("unchecked")
            Map<String, Object> map = new LinkedHashMap<>((Map<String, Object>) body);
            List<Map<String, Object>> containers = new ArrayList<>();
            containers.add(map);
            // nested objects (compat value/user/changes) are mutated in place of their parent's copy
            for (Map.Entry<String, Object> e : new ArrayList<>(map.entrySet())) {
                if (e.getValue() instanceof Map<?, ?> nested) {
                    @SuppressWarnings("unchecked")
                    Map<String, Object> copy = new LinkedHashMap<>((Map<String, Object>) nested);
                    map.put(e.getKey(), copy);
                    containers.add(copy);
                }
            }
            Map<String, Object> target = containers.get(field % containers.size());
            List<String> keys = new ArrayList<>(target.keySet());
            String key = keys.isEmpty() ? extraKey : keys.get((field / containers.size()) % keys.size());
            switch (kind) {
                case 0 -> target.put(key, value);
                case 1 -> target.remove(key);
                case 2 -> target.put(extraKey, value);
                default -> target.put(key, null);
            }
            return map;
        }
    }

    private static Arbitrary<Mutation> mutation() {
        return Combinators.combine(Arbitraries.integers().between(0, 4), Arbitraries.integers().between(0, 63), anyValue(),
                Arbitraries.of("id", "isVerified", "is_verified", "admin", "groups", "__proto__", "constructor", "password_hash",
                        "sessionEpoch", "x", "", "email ", "EMAIL", "failedLogins"))
                .as(Mutation::new);
    }

    private Arbitrary<FuzzRequest> shapedRequests() {
        return Arbitraries.oneOf(endpoints().stream().filter(e -> e.body() != null).map(endpoint -> Combinators.combine(
                endpoint.body(), mutations, authorization(endpoint), jsonTypes)
                .as((body, mutations, auth, type) -> {
                    Object mutated = body;
                    for (Mutation m : mutations) {
                        mutated = m.apply(mutated);
                    }
                    Map<String, String> headers = new LinkedHashMap<>();
                    put(headers, "Content-Type", type);
                    put(headers, "Authorization", auth);
                    return new FuzzRequest(endpoint.method(), endpoint.path(), headers, bytes(mutated), "shaped");
                })).toList());
    }

    // ------------------------------------------------------------------ family 2: raw bodies

    private Arbitrary<FuzzRequest> rawBodyRequests() {
        Arbitrary<String> postPaths = Arbitraries.of(endpoints()).filter(e -> e.method().equals("POST")).map(Endpoint::path);
        return Combinators.combine(postPaths, rawBody(), contentTypeMostlyJson()).as((path, body, type) -> {
            Map<String, String> headers = new LinkedHashMap<>();
            put(headers, "Content-Type", type);
            return new FuzzRequest("POST", path, headers, body, "raw-body");
        });
    }

    private Arbitrary<byte[]> rawBody() {
        Arbitrary<byte[]> randomBytes = Arbitraries.bytes().array(byte[].class).ofMaxSize(2000);
        Arbitrary<String> malformed = Arbitraries.of("{", "}", "{\"email\":", "{\"email\":\"a@b.c\",}", "{'email':'a@b.c'}",
                "{email:\"a@b.c\"}", "{\"email\":\"a@b.c\" /* c */}", "{\"a\":NaN}", "{\"a\":Infinity}", "{\"a\":-}",
                "{\"email\":\"\\ud800\"}", "{\"email\":\"\\u00\"}", "{\"email\":\"a@b.c\",\"email\":[1]}", "null", "true", "1",
                "-0", "1e999999", "\"x\"", "[]", "[{}]", "[null]", "{}", "", " ", "\n\n", "\uFEFF{}", "{\"action\":{}}",
                "{\"action\":null,\"value\":1}", "{\"strategy\":[\"local\"]}", "{\"token\":{\"$gt\":\"\"}}",
                "{\"a\":1}{\"b\":2}", "{\"\":\"\"}", "{\"email\":\"\u0000\"}");
        Arbitrary<String> truncated = Combinators.combine(shapedJsonText(), Arbitraries.doubles().between(0, 1))
                .as((json, at) -> json.substring(0, (int) (json.length() * at * 0.999)));
        Arbitrary<String> deep = Combinators.combine(Arbitraries.integers().between(900, 3000), Arbitraries.of("[", "{\"a\":"))
                .as((depth, open) -> open.repeat(depth) + "1" + (open.equals("[") ? "]" : "}").repeat(depth));
        Arbitrary<String> longNumber = Arbitraries.integers().between(1000, 20000).map(n -> "{\"ownId\":" + "9".repeat(n) + "}");
        Arbitrary<byte[]> invalidUtf8 = Arbitraries.of(new byte[] { '{', '"', 'e', '"', ':', '"', (byte) 0xC3, (byte) 0x28, '"', '}' },
                new byte[] { '{', '"', 'e', '"', ':', '"', (byte) 0xFF, (byte) 0xFE, '"', '}' },
                new byte[] { (byte) 0xFF, (byte) 0xFE, '{', 0, '}', 0 },
                new byte[] { '{', '"', 'e', 'm', 'a', 'i', 'l', '"', ':', '"', (byte) 0xED, (byte) 0xA0, (byte) 0x80, '"', '}' });
        Arbitrary<String> oversize = Arbitraries.integers().between(66_000, 200_000)
                .map(n -> "{\"email\":\"" + "a".repeat(n) + "@example.com\"}");
        return Arbitraries.frequencyOf(
                Tuple.of(3, randomBytes),
                Tuple.of(4, malformed.map(FuzzGenerators::utf8)),
                Tuple.of(3, truncated.map(FuzzGenerators::utf8)),
                Tuple.of(1, deep.map(FuzzGenerators::utf8)),
                Tuple.of(1, longNumber.map(FuzzGenerators::utf8)),
                Tuple.of(1, invalidUtf8),
                Tuple.of(1, oversize.map(FuzzGenerators::utf8)));
    }

    private Arbitrary<String> shapedJsonText() {
        return Arbitraries.oneOf(endpoints().stream().filter(e -> e.body() != null).map(Endpoint::body).toList())
                .map(body -> new String(bytes(body), StandardCharsets.UTF_8));
    }

    // ------------------------------------------------------------------ family 3: odd headers

    private Arbitrary<FuzzRequest> oddHeaderRequests() {
        Arbitrary<Map<String, String>> extra = Arbitraries.maps(
                Arbitraries.of("X-Forwarded-For", "Forwarded", "X-Real-IP", "User-Agent", "Cookie", "Origin", "Referer",
                        "X-HTTP-Method-Override", "Content-Encoding", "Accept-Encoding", "Accept-Language", "Accept-Charset",
                        "If-None-Match", "Range", "X-Requested-With", "Prefer", "Cache-Control", "Trailer", "TE", "X-Fuzz"),
                headerValue()).ofMaxSize(5);
        Arbitrary<String> types = contentType();
        Arbitrary<String> accepts = accept();
        return Arbitraries.oneOf(endpoints().stream().map(endpoint -> Combinators.combine(
                endpoint.body() == null ? Arbitraries.just(Map.<String, Object>of()) : endpoint.body(),
                Arbitraries.oneOf(authorization(endpoint), authorizationJunk()), types, accepts, extra)
                .as((body, auth, type, accept, more) -> {
                    Map<String, String> headers = new LinkedHashMap<>();
                    put(headers, "Content-Type", type);
                    put(headers, "Accept", accept);
                    put(headers, "Authorization", auth);
                    more.forEach((k, v) -> put(headers, k, v));
                    return new FuzzRequest(endpoint.method(), endpoint.path(), headers,
                            endpoint.body() == null ? null : bytes(body), "headers");
                })).toList());
    }

    private static Arbitrary<String> contentTypeMostlyJson() {
        return Arbitraries.frequencyOf(Tuple.of(8, Arbitraries.just("application/json")), Tuple.of(2, contentType()));
    }

    private static Arbitrary<String> contentType() {
        return Arbitraries.of("application/json", "application/json; charset=utf-8", "application/json;charset=UTF-16",
                "application/json; charset=latin1", "application/json; charset=bogus-charset", "application/json; charset=",
                "APPLICATION/JSON", "application/problem+json", "application/merge-patch+json", "application/vnd.api+json",
                "text/plain", "text/json", "application/x-www-form-urlencoded", "multipart/form-data; boundary=xyz",
                "multipart/form-data", "application/xml", "application/octet-stream", "*/*", "application/*", "a/b/c", "json",
                ";", "", "application/json; boundary=\"", "application/json; q=0.1; charset=utf-8; x=\"y\"");
    }

    private static Arbitrary<String> accept() {
        return Arbitraries.of("application/json", "application/problem+json", "text/html", "application/xml", "*/*",
                "text/plain", "image/png", "application/json;q=0", "*/*;q=0", "garbage", "", ";;;", "application/*",
                "text/html, application/xhtml+xml, application/xml;q=0.9, */*;q=0.8");
    }

    private static Arbitrary<String> headerValue() {
        return Arbitraries.oneOf(
                Arbitraries.strings().withCharRange(' ', '~').ofMaxLength(100),
                Arbitraries.of("gzip", "deflate", "br", "chunked", "trailers", "PUT", "DELETE", "bytes=0-1", "1.2.3.4",
                        "999.999.999.999, ::1", "for=\"[::1]:80\";proto=https", "unknown", "a=b; c=d; e", "null", "*"),
                Arbitraries.integers().between(1000, 7000).map("h"::repeat));
    }

    private Arbitrary<String> authorization(Endpoint endpoint) {
        return authorizations.get(endpoint);
    }

    private Arbitrary<String> authorizationJunk() {
        return authorizationJunk;
    }

    /** For endpoints that need a caller: mostly the valid token of a seeded account, sometimes nothing. */
    private Arbitrary<String> defineAuthorization(Endpoint endpoint) {
        if (!endpoint.authenticated()) {
            return Arbitraries.frequencyOf(Tuple.of(9, Arbitraries.just(null)), Tuple.of(1, authorizationJunk()));
        }
        if (endpoint.path().equals("/sessions/revoke")) {
            // with the real token this is a valid logout (an accepted change), which would also end the seed session
            return authorizationJunk();
        }
        return Arbitraries.frequencyOf(Tuple.of(5, Arbitraries.just("Bearer " + seeds.accessToken())),
                Tuple.of(3, authorizationJunk()), Tuple.of(1, Arbitraries.just(null)));
    }

    private Arbitrary<String> defineAuthorizationJunk() {
        return Arbitraries.oneOf(
                jwtJunk().map(t -> "Bearer " + t),
                jwtJunk().map(t -> "bearer " + t),
                Arbitraries.of("Bearer", "Bearer ", "Bearer  " + seeds.accessToken(), "Basic YWRtaW46YWRtaW4=", "Basic !!!",
                        "Digest username=\"a\"", "Token abc", "Bearer null", "Bearer undefined", "Bearer a.b.c", "Bearer ..",
                        seeds.accessToken(), "Bearer " + seeds.accessToken() + " extra"),
                Arbitraries.integers().between(1000, 7000).map(n -> "Bearer eyJ" + "A".repeat(n)));
    }

    /** JWT-shaped junk, much of it derived from the real token: forged signature, alg none, swapped claims. */
    private Arbitrary<String> jwtJunk() {
        String[] parts = seeds.accessToken().split("\\.");
        String header = parts[0];
        String payload = parts[1];
        String signature = parts[2];
        String none = b64("{\"alg\":\"none\",\"typ\":\"JWT\"}");
        String rs256 = b64("{\"alg\":\"RS256\",\"typ\":\"JWT\"}");
        String forgedClaims = b64("{\"iss\":\"https://countersign.local\",\"sub\":\"" + seeds.userIds().get(0)
                + "\",\"groups\":[\"user\",\"admin\"],\"sep\":0,\"exp\":4102444800}");
        return Arbitraries.oneOf(
                Arbitraries.of(header + "." + payload + "." + flip(signature), none + "." + payload + ".", none + "." + forgedClaims + ".",
                        rs256 + "." + payload + "." + signature, header + "." + forgedClaims + "." + signature, header + "." + payload,
                        header + "." + payload + "." + signature + ".", header + ".." + signature, "eyJ.eyJ.eyJ",
                        b64("{}") + "." + b64("{}") + ".", b64("[]") + "." + b64("null") + "." + signature,
                        b64("{\"alg\":\"HS256\"}") + "." + b64("{\"sub\":\"not-a-uuid\",\"sep\":\"x\"}") + "." + signature),
                Arbitraries.strings().withChars("abcXYZ0189-_.").ofMinLength(0).ofMaxLength(300),
                Combinators.combine(jsonSegment(), jsonSegment()).as((h, p) -> b64(h) + "." + b64(p) + "." + signature));
    }

    private static Arbitrary<String> jsonSegment() {
        return Arbitraries.of("{\"alg\":\"HS256\"}", "{\"alg\":\"none\"}", "{\"alg\":null}", "{\"exp\":-1}", "{\"exp\":\"soon\"}",
                "{\"sub\":123}", "{\"sep\":1e400}", "{\"groups\":\"admin\"}", "not json", "", "{\"crit\":[\"x\"],\"alg\":\"HS256\"}",
                "{\"alg\":\"HS256\",\"kid\":\"../../../../dev/null\"}");
    }

    // ------------------------------------------------------------------ family 4: paths

    private Arbitrary<FuzzRequest> pathRequests() {
        Arbitrary<String> idSegment = Arbitraries.oneOf(userId(), Arbitraries.of("..", ".", "%2e%2e", "%2E%2E%2F%2E%2E", "%00",
                "%C0%AE%C0%AE", "%C3%A4", "%2F", "me", "ME", "uniqueness", "00000000-0000-0000-0000-000000000000",
                "ffffffff-ffff-ffff-ffff-ffffffffffff", "1", "-1", "null", "%20", "a%0Ab", "%E2%80%AE", "x;jsessionid=1",
                "%7B%7D", "admin", "*"), Arbitraries.integers().between(300, 4000).map("a"::repeat))
                .map(FuzzGenerators::pathSafe);
        Arbitrary<String> path = Combinators.combine(Arbitraries.of(PATHS), idSegment, Arbitraries.integers().between(0, 11),
                Arbitraries.strings().withChars("abc=&%20.;/").ofMaxLength(20).map(FuzzGenerators::pathSafe))
                .as((base, id, kind, extra) -> {
                    String p = base.replace("{id}", id);
                    return switch (kind) {
                        case 0 -> p;
                        case 1 -> p + "/";
                        case 2 -> p.replace("/", "//");
                        case 3 -> p.toUpperCase(java.util.Locale.ROOT);
                        case 4 -> "/.." + p;
                        case 5 -> p + "/%2e%2e/%2e%2e/q/health";
                        case 6 -> p + "/" + id;
                        case 7 -> p + "?" + extra + "&token=" + id + "&email=a%40b.c";
                        case 8 -> p + ";" + extra;
                        case 9 -> "/" + id + p;
                        case 10 -> p.replace("/", "/./");
                        default -> p + ".json";
                    };
                });
        return Arbitraries.oneOf(endpoints().stream().map(endpoint -> Combinators.combine(path,
                endpoint.body() == null ? Arbitraries.just(Map.<String, Object>of()) : endpoint.body(), authorization(endpoint))
                .as((p, body, auth) -> {
                    Map<String, String> headers = new LinkedHashMap<>();
                    put(headers, "Content-Type", "application/json");
                    put(headers, "Authorization", auth);
                    return new FuzzRequest(endpoint.method(), p, headers, endpoint.body() == null ? null : bytes(body), "path");
                })).toList());
    }

    /** Characters a URI path may carry literally; anything else percent-encoded (UTF-8). */
    static String pathSafe(String raw) {
        StringBuilder out = new StringBuilder();
        for (byte b : raw.getBytes(StandardCharsets.UTF_8)) {
            int c = b & 0xFF;
            boolean literal = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')
                    || "-._~!$&'()*+,;=:@/?%".indexOf(c) >= 0;
            if (c == '%') {
                literal = false;
            }
            out.append(literal ? String.valueOf((char) c) : String.format("%%%02X", c));
        }
        // keep intended percent escapes such as %2e%2e, which arrived as "%25" + "2e"
        return out.toString().replaceAll("%25([0-9A-Fa-f]{2})", "%$1");
    }

    // ------------------------------------------------------------------ family 5: methods

    private Arbitrary<FuzzRequest> methodRequests() {
        Arbitrary<String> methods = Arbitraries.of("GET", "POST", "PUT", "PATCH", "DELETE", "HEAD", "OPTIONS", "TRACE",
                "PROPFIND", "FOO", "CONNECT2");
        Arbitrary<String> ids = Arbitraries.of(seeds.userIds());
        return Arbitraries.oneOf(endpoints().stream().map(endpoint -> Combinators.combine(methods, Arbitraries.of(true, false), ids,
                        endpoint.body() == null ? Arbitraries.just(Map.<String, Object>of()) : endpoint.body(), authorization(endpoint))
                        .as((method, withBody, id, body, auth) -> {
                            Map<String, String> headers = new LinkedHashMap<>();
                            put(headers, "Authorization", auth);
                            if (withBody) {
                                put(headers, "Content-Type", "application/json");
                            }
                            return new FuzzRequest(method, endpoint.path().replace("{id}", id), headers,
                                    withBody ? bytes(body) : null, "method");
                        })).toList());
    }

    // ------------------------------------------------------------------ helpers

    private static void put(Map<String, String> headers, String name, String value) {
        if (value != null) {
            // the client refuses control characters in header values; everything else goes through as is
            headers.put(name, value.replaceAll("[\\x00-\\x08\\x0A-\\x1F\\x7F]", "?"));
        }
    }

    private static byte[] bytes(Object body) {
        try {
            return JSON.writeValueAsBytes(body);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    private static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    private static String b64(String json) {
        return B64URL.encodeToString(utf8(json));
    }

    private static String flip(String s) {
        char last = s.charAt(s.length() - 2);
        return s.substring(0, s.length() - 2) + (last == 'A' ? 'B' : 'A') + s.charAt(s.length() - 1);
    }
}
