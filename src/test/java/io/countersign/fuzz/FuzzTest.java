package io.countersign.fuzz;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.sql.Connection;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;

import org.junit.jupiter.api.Test;

import com.atlassian.oai.validator.model.SimpleRequest;
import com.atlassian.oai.validator.model.SimpleResponse;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.countersign.error.ErrorCode;
import io.countersign.testing.Accounts;
import io.countersign.testing.ApiContract;
import io.countersign.testing.Infra;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import io.restassured.http.ContentType;
import net.jqwik.api.RandomGenerator;
import net.jqwik.api.sessions.JqwikSession;

/**
 * Property-based fuzzing of both HTTP surfaces against the real application, database, broker and SMTP server.
 * jqwik generates the requests ({@link FuzzGenerators}); each is sent over a keep-alive HTTP client, four at a
 * time, in batches. Properties:
 * <ol>
 * <li>no answer is a 5xx (or anything but 2xx/4xx);</li>
 * <li>every 4xx of the resource API is {@code application/problem+json} whose {@code code} is one of
 * {@link ErrorCode}'s and whose {@code status} is the HTTP status; every 4xx of the compat endpoints is the
 * Feathers envelope ({@code name, message, code = status, className}, {@code application/json; charset=utf-8});</li>
 * <li>a batch of refused requests changes no state ({@link StateSnapshot}, compared by SQL before and after the
 * batch). A batch in which some request was accepted (2xx) is compared too; it counts as inconclusive only if it
 * did change something, since the change may be the accepted request's.</li>
 * <li>every answer to a documented operation is one the served OpenAPI document lists: status, content type and
 * body schema ({@link #undocumented}).</li>
 * </ol>
 * {@code -Dfuzz.tries=100000} runs longer (default 10,000 requests); {@code -Dfuzz.seed=…}
 * replays a run (the seed is printed).
 */
@QuarkusTest
class FuzzTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String PASSWORD = "violet tractor umbrella 47";
    private static final int BATCH = 12;
    private static final int MAX_EXAMPLES = 15;
    private static final Set<String> PROBLEM_CODES = Arrays.stream(ErrorCode.values()).map(ErrorCode::code)
            .collect(Collectors.toSet());
    /** 414 request line too long, 431 headers too large: answered by the HTTP codec (Netty) itself. */
    private static final Set<Integer> CODEC_REFUSALS = Set.of(414, 431);
    /** Unknown sub-path, method, unreadable content type, body too large: refused before any resource method. */
    private static final Set<Integer> ROUTING_REFUSALS = Set.of(404, 405, 413, 415);
    private static final Set<String> FEATHERS_KEYS = Set.of("name", "message", "code", "className");

    @Test
    void everyEndpointSurvivesGeneratedInput() throws Exception {
        int tries = Integer.getInteger("fuzz.tries", 10_000);
        long seed = Long.getLong("fuzz.seed", new Random().nextLong());
        int concurrency = Integer.getInteger("fuzz.concurrency", 4);
        Seeds seeds = seed();
        // the generators run outside a jqwik property (this is a Quarkus test): a session gives them their store
        JqwikSession.start();
        try {
            run(seeds, tries, seed, concurrency);
        } finally {
            JqwikSession.finish();
        }
    }

    private void run(Seeds seeds, int tries, long seed, int concurrency) throws Exception {
        RandomGenerator<FuzzRequest> generator = new FuzzGenerators(seeds).requests().generatorWithEmbeddedEdgeCases(1000);
        Random random = new Random(seed);
        String base = "http://localhost:" + RestAssured.port;
        HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(Duration.ofSeconds(10))
                .build();
        ExecutorService workers = Executors.newFixedThreadPool(concurrency);
        List<String> violations = Collections.synchronizedList(new ArrayList<>());
        Map<String, AtomicInteger> statuses = Collections.synchronizedMap(new TreeMap<>());
        Map<String, AtomicInteger> families = Collections.synchronizedMap(new TreeMap<>());
        int sent = 0;
        AtomicInteger retried = new AtomicInteger();
        int batches = 0;
        int cleanBatches = 0;
        int changedByAccepted = 0;
        int requestsInCleanBatches = 0;
        long started = System.nanoTime();
        long generating = 0;
        long snapshotting = 0;
        int[] notSendable = new int[1];
        try (Connection db = Infra.postgres().connect()) {
            // the state comparison must be able to fail: an accepted sign-up is a change it sees
            StateSnapshot beforeSignUp = StateSnapshot.take(db);
            given().contentType(ContentType.JSON).body(Map.of("email", "fuzz-canary-" + UUID.randomUUID() + "@example.com",
                    "password", PASSWORD)).post("/users").then().statusCode(202);
            assertThat(StateSnapshot.take(db).changesSince(beforeSignUp)).anyMatch(c -> c.startsWith("users: new row"))
                    .anyMatch(c -> c.startsWith("challenges: new row")).anyMatch(c -> c.startsWith("outbox: new row"))
                    .anyMatch(c -> c.contains("'signed_up'"));
            long t0 = System.nanoTime();
            List<Prepared> next = generate(generator, random, base, Math.min(BATCH, tries), notSendable);
            generating += System.nanoTime() - t0;
            while (sent < tries) {
                List<Prepared> batch = next;
                long t1 = System.nanoTime();
                StateSnapshot before = StateSnapshot.take(db);
                snapshotting += System.nanoTime() - t1;
                List<Future<Integer>> answers = new ArrayList<>();
                for (Prepared p : batch) {
                    answers.add(workers.submit(() -> send(client, p, violations, statuses, retried)));
                }
                // the next batch is generated while this one is in flight
                long t3 = System.nanoTime();
                next = generate(generator, random, base, Math.min(BATCH, tries - sent - batch.size()), notSendable);
                generating += System.nanoTime() - t3;
                boolean accepted = false;
                for (Future<Integer> answer : answers) {
                    int status = answer.get();
                    accepted |= status >= 200 && status < 300;
                }
                batch.forEach(p -> families.computeIfAbsent(p.request().label(), k -> new AtomicInteger()).incrementAndGet());
                long t2 = System.nanoTime();
                List<String> changes = StateSnapshot.take(db).changesSince(before);
                snapshotting += System.nanoTime() - t2;
                sent += batch.size();
                batches++;
                if (changes.isEmpty()) {
                    cleanBatches++;
                    requestsInCleanBatches += batch.size();
                } else if (accepted) {
                    changedByAccepted++;
                } else {
                    violations.add("a batch of refused requests changed state: " + changes.subList(0, Math.min(5, changes.size()))
                            + "\n  batch:\n  " + batch.stream().map(p -> p.request().describe()).collect(Collectors.joining("\n  ")));
                }
                if (violations.size() > MAX_EXAMPLES) {
                    break;
                }
            }
        } finally {
            workers.shutdownNow();
        }
        double seconds = (System.nanoTime() - started) / 1e9;
        System.out.printf("FUZZ summary: %d requests sent in %.1f s (%.0f/s, concurrency %d), seed %d, %d generated but not "
                + "sendable by the client, %d sent again after the connection closed; statuses %s; families %s; state compared in %d batches of up to %d: %d unchanged "
                + "(%d requests), %d changed after an accepted request; generating %.1f s, snapshots %.1f s%n", sent, seconds, sent / seconds, concurrency, seed,
                notSendable[0], retried.get(), statuses, families, batches, BATCH, cleanBatches, requestsInCleanBatches, changedByAccepted, generating / 1e9, snapshotting / 1e9);
        assertThat(violations).as("fuzzing with seed " + seed).isEmpty();
        assertThat(sent).isEqualTo(tries);
        // the state property must have been checked for nearly every request, not skipped
        assertThat(requestsInCleanBatches).as("requests in batches whose state was compared equal").isGreaterThan(tries * 8 / 10);
    }

    private record Prepared(FuzzRequest request, HttpRequest http) {
    }

    private static List<Prepared> generate(RandomGenerator<FuzzRequest> generator, Random random, String base, int count,
            int[] notSendable) {
        List<Prepared> batch = new ArrayList<>();
        while (batch.size() < count) {
            FuzzRequest r = generator.next(random).value();
            try {
                batch.add(new Prepared(r, build(base, r)));
            } catch (IllegalArgumentException refusedByClient) {
                notSendable[0]++; // e.g. a header value the client refuses; another is generated, this one is not counted
            }
        }
        return batch;
    }

    private static HttpRequest build(String base, FuzzRequest r) {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(base + r.path())).timeout(Duration.ofSeconds(60));
        r.headers().forEach(b::header);
        return b.method(r.method(), r.body() == null ? HttpRequest.BodyPublishers.noBody()
                : HttpRequest.BodyPublishers.ofByteArray(r.body())).build();
    }

    private static int send(HttpClient client, Prepared p, List<String> violations, Map<String, AtomicInteger> statuses,
            AtomicInteger retried) {
        HttpResponse<byte[]> response;
        try {
            response = client.send(p.http(), HttpResponse.BodyHandlers.ofByteArray());
        } catch (java.io.IOException closed) {
            // a kept-alive connection the server had just closed (e.g. after refusing an oversize body) is reused by
            // the client; sending once more tells that race from a request that really gets no answer
            retried.incrementAndGet();
            try {
                response = client.send(p.http(), HttpResponse.BodyHandlers.ofByteArray());
            } catch (Exception e) {
                violations.add("no answer (" + e + "):\n  " + p.request().describe());
                return -1;
            }
        } catch (Exception e) {
            violations.add("no answer (" + e + "):\n  " + p.request().describe());
            return -1;
        }
        statuses.computeIfAbsent(String.valueOf(response.statusCode()), k -> new AtomicInteger()).incrementAndGet();
        String problem = violation(p.request(), response);
        if (problem == null) {
            problem = undocumented(p.request(), response);
        }
        if (problem != null) {
            violations.add(problem + " -> " + response.statusCode() + " "
                    + response.headers().firstValue("content-type").orElse("<no content type>") + " "
                    + abbreviate(new String(response.body(), java.nio.charset.StandardCharsets.UTF_8)) + "\n  " + p.request().describe());
        }
        return response.statusCode();
    }

    /** @return what is wrong with this answer, or null */
    static String violation(FuzzRequest request, HttpResponse<byte[]> response) {
        int status = response.statusCode();
        if (status >= 500 || status < 200 || (status >= 300 && status < 400)) {
            return "status " + status;
        }
        if (status < 400 || request.method().equals("HEAD")) {
            return null;
        }
        if (CODEC_REFUSALS.contains(status) && response.body().length == 0) {
            return null; // refused by the HTTP codec before any routing: no handler of ours ever sees the request
        }
        String type = response.headers().firstValue("content-type").orElse("");
        JsonNode body;
        try {
            body = JSON.readTree(response.body());
        } catch (java.io.IOException e) {
            return "a 4xx body that is not JSON";
        }
        if (body == null || !body.isObject()) {
            return "a 4xx without a JSON object body";
        }
        if (type.startsWith("application/problem+json")) {
            if (!PROBLEM_CODES.contains(body.path("code").asText()) || body.path("status").asInt() != status) {
                return "problem+json without a stable code or with the wrong status";
            }
            // on the compat paths, only what routing refuses before the Feathers resource is reached
            return request.compat() && !ROUTING_REFUSALS.contains(status) ? "problem+json on the compat surface" : null;
        }
        if (request.mentionsCompat() && type.equals("application/json; charset=utf-8")) {
            java.util.Set<String> keys = new java.util.HashSet<>();
            body.fieldNames().forEachRemaining(keys::add);
            keys.removeAll(Set.of("data", "errors"));
            return keys.equals(FEATHERS_KEYS) && body.path("code").asInt() == status && body.path("name").isTextual() ? null
                    : "not the Feathers error envelope";
        }
        return "a 4xx that is neither problem+json nor (compat) the Feathers envelope";
    }

    /**
     * Property 4: the answer is one the OpenAPI document the application serves lists for this operation (status,
     * content type, body schema). The request is not judged (it is malformed on purpose), and a request the document
     * has no operation for (an unknown path or method, refused by routing) has nothing to be checked against.
     */
    static String undocumented(FuzzRequest request, HttpResponse<byte[]> response) {
        if (CODEC_REFUSALS.contains(response.statusCode()) && response.body().length == 0 || !request.canonical()) {
            return null; // refused by the codec; or a path the validator would match more leniently than routing does
        }
        List<String> wrong;
        try {
            SimpleRequest.Builder sent = new SimpleRequest.Builder(request.method(), request.path().replaceAll("[?#].*$", ""));
            request.headers().forEach(sent::withHeader);
            SimpleResponse.Builder answer = SimpleResponse.Builder.status(response.statusCode()).withBody(response.body());
            response.headers().map().forEach(answer::withHeader);
            wrong = ApiContract.INSTANCE.responseViolations(RestAssured.port, sent.build(), answer.build());
        } catch (RuntimeException unmatchable) {
            return null; // a path the validator cannot even parse names no documented operation
        }
        return wrong.isEmpty() ? null : "an answer the OpenAPI document does not list: " + wrong;
    }

    private static String abbreviate(String s) {
        return s.length() > 300 ? s.substring(0, 300) + "…" : s;
    }

    // ------------------------------------------------------------------ seed data: real accounts and challenges

    /**
     * A verified account with a session, two unverified accounts (live verification challenges), a verified account
     * with a pending reset and one with a pending identity change: the generators aim at their identifiers, ids and
     * challenge selectors.
     */
    private static Seeds seed() {
        List<String> emails = new ArrayList<>();
        List<String> phones = new ArrayList<>();
        List<String> usernames = new ArrayList<>();
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            String tag = UUID.randomUUID().toString().substring(0, 8);
            String email = "fuzz-" + tag + "@example.com";
            String phone = "+4917" + String.format("%08d", Math.floorMod(tag.hashCode(), 100_000_000));
            String username = "fuzz_" + tag;
            given().contentType(ContentType.JSON)
                    .body(Map.of("email", email, "phone", phone, "username", username, "password", PASSWORD))
                    .post("/users").then().statusCode(202);
            String id = Accounts.idOf(email);
            emails.add(email);
            phones.add(phone);
            usernames.add(username);
            ids.add(id);
        }
        // 0: verified, with a session; 1, 2: unverified; 3: verified, reset pending; 4: verified, identity change pending
        sql("update users set is_verified = true where id in (?::uuid, ?::uuid, ?::uuid)", ids.get(0), ids.get(3), ids.get(4));
        String token = login(emails.get(0));
        given().contentType(ContentType.JSON).body(Map.of("email", emails.get(3))).post("/password/forgot").then().statusCode(202);
        given().contentType(ContentType.JSON).auth().oauth2(login(emails.get(4)))
                .body(Map.of("password", PASSWORD, "email", "fuzz-new-" + UUID.randomUUID() + "@example.com"))
                .post("/identity/change").then().statusCode(202);
        List<String> selectors = new ArrayList<>();
        try (Connection c = Infra.postgres().connect();
                java.sql.PreparedStatement ps = c.prepareStatement("select selector from challenges where consumed_at is null "
                        + "and user_id = any (?::uuid[])")) {
            ps.setArray(1, c.createArrayOf("text", ids.toArray()));
            try (java.sql.ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    selectors.add(rs.getString(1));
                }
            }
        } catch (java.sql.SQLException e) {
            throw new AssertionError(e);
        }
        // a verification challenge per sign-up (verifying by SQL leaves it live), the reset and the identity change
        assertThat(selectors).hasSize(7);
        return new Seeds(emails, phones, usernames, ids, selectors, token);
    }

    private static String login(String email) {
        return given().contentType(ContentType.JSON).body(Map.of("strategy", "local", "email", email, "password", PASSWORD))
                .post("/authentication").then().statusCode(201).extract().path("accessToken");
    }

    private static void sql(String statement, Object... params) {
        try (Connection c = Infra.postgres().connect(); java.sql.PreparedStatement ps = c.prepareStatement(statement)) {
            for (int i = 0; i < params.length; i++) {
                ps.setObject(i + 1, params[i]);
            }
            ps.executeUpdate();
        } catch (java.sql.SQLException e) {
            throw new AssertionError(e);
        }
    }
}
