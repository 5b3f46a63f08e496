package io.countersign.terms;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.notNullValue;
import static org.hamcrest.Matchers.nullValue;

import java.net.URI;
import java.net.URL;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.countersign.testing.Accounts;
import io.countersign.testing.Mailbox;
import io.countersign.testing.Sql;
import io.countersign.testing.TestEvents;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import jakarta.mail.internet.MimeMessage;

/**
 * Versioned terms and conditions (issue 17 item 6), end to end over HTTP against the real database, mail and audit:
 * sign-up records the acceptance; a login with the right password of an account that accepted an earlier version is
 * refused on every surface until it accepts the version in force; a wrong password answers exactly as before; the
 * self-service {@code termsAndConditions} and {@code registration} processes record the acceptance on the account.
 */
@QuarkusTest
@TestProfile(TermsProfile.class)
class TermsTest {

    static final String PASSWORD = "violet tractor umbrella 47";
    static final String INVALID_LOGIN = "{\"name\":\"NotAuthenticated\",\"message\":\"Invalid login\",\"code\":401,"
            + "\"className\":\"not-authenticated\"}";
    private static final Pattern CODE = Pattern.compile("(?i)code: (\\d{6})");
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    @TestHTTPResource("/socket.io/")
    URL socketIo;

    @Test
    void theTermsInForceAreDescribed() {
        given().accept(ContentType.JSON).get("/terms").then().statusCode(200)
                .body("version", equalTo(TermsProfile.VERSION)).body("url", equalTo(TermsProfile.URL))
                .body("required", equalTo(true));
    }

    @Test
    void aSignUpWithoutTheVersionInForceIsRefusedAndCreatesNothing() {
        String email = TestEvents.uniqueEmail();
        for (Map<String, Object> body : List.of(Map.<String, Object>of("email", email, "password", PASSWORD),
                Map.<String, Object>of("email", email, "password", PASSWORD, "termsVersion", TermsProfile.EARLIER))) {
            given().contentType(ContentType.JSON).body(body).post("/users").then().statusCode(400)
                    .contentType("application/problem+json").body("code", equalTo("terms_not_accepted"))
                    .body("termsVersion", equalTo(TermsProfile.VERSION)).body("termsUrl", equalTo(TermsProfile.URL))
                    .body("errors[0].field", equalTo("termsVersion"));
        }
        assertThat(Accounts.exists(email)).isFalse();
    }

    @Test
    void aSignUpRecordsTheAcceptanceOnTheAccountAndInTheAudit() {
        String email = TestEvents.uniqueEmail();
        String id = signUp(email);
        assertThat(Sql.column("select terms_version from users where id = ?::uuid", id)).isEqualTo(TermsProfile.VERSION);
        assertThat(Sql.column("select terms_accepted_at is not null and terms_accepted_at > now() - interval '1 minute' "
                + "from users where id = ?::uuid", id)).isEqualTo("t");
        String ip = Sql.column("select ip from audit_log where user_id = ?::uuid and type = 'signed_up'", id);
        assertThat(ip).isNotBlank(); // the client's address, as the audit sees it
        assertThat(Sql.column("select terms_accepted_ip from users where id = ?::uuid", id)).isEqualTo(ip);
        assertThat(Sql.rows("select details->>'version' || ' ' || ip from audit_log where user_id = ?::uuid and type = "
                + "'terms_accepted'", id)).containsExactly(TermsProfile.VERSION + " " + ip);
    }

    @Test
    void aLoginOfAnAccountThatAcceptedAnEarlierVersionIsRefusedWithoutASessionUntilItAccepts() {
        String email = TestEvents.uniqueEmail();
        String id = outdated(email);

        Response refused = login(email, PASSWORD, null);
        refused.then().statusCode(403).body("name", equalTo("Forbidden")).body("className", equalTo("forbidden"))
                .body("data.code", equalTo("terms_acceptance_required"))
                .body("data.termsVersion", equalTo(TermsProfile.VERSION)).body("data.termsUrl", equalTo(TermsProfile.URL))
                .body("accessToken", nullValue());
        assertThat(Sql.column("select count(*) from sessions where user_id = ?::uuid", id)).isEqualTo("0");
        assertThat(Sql.rows("select details->>'reason' from audit_log where user_id = ?::uuid and type = 'login_failed'", id))
                .containsExactly("terms_not_accepted");
        // accepting another version than the one in force is no acceptance
        login(email, PASSWORD, TermsProfile.EARLIER).then().statusCode(403).body("data.code", equalTo("terms_acceptance_required"));

        login(email, PASSWORD, TermsProfile.VERSION).then().statusCode(201).body("accessToken", notNullValue());
        assertThat(Sql.column("select terms_version from users where id = ?::uuid", id)).isEqualTo(TermsProfile.VERSION);
        assertThat(Sql.rows("select details->>'version' from audit_log where user_id = ?::uuid and type = 'terms_accepted'", id))
                .containsExactly(TermsProfile.VERSION, TermsProfile.VERSION); // at sign-up (then reset below) and now
        login(email, PASSWORD, null).then().statusCode(201);
    }

    @Test
    void aWrongPasswordAnswersExactlyAsBeforeWhileTheTermsAreOutdated() {
        String email = TestEvents.uniqueEmail();
        outdated(email);
        Response wrong = login(email, "wrong password 12345", null);
        wrong.then().statusCode(401);
        assertThat(wrong.asString()).isEqualTo(INVALID_LOGIN);
        Response unknown = login("nobody-" + System.nanoTime() + "@example.com", "wrong password 12345", TermsProfile.VERSION);
        assertThat(unknown.asString()).isEqualTo(INVALID_LOGIN);
        // a wrong password that names the version accepts nothing
        assertThat(login(email, "wrong password 12345", TermsProfile.VERSION).asString()).isEqualTo(INVALID_LOGIN);
        assertThat(Sql.column("select terms_version from users where email = ?", email)).isEqualTo(TermsProfile.EARLIER);
    }

    @Test
    void overSocketIoTheLoginIsRefusedAlikeUntilItAccepts() throws Exception {
        String email = TestEvents.uniqueEmail();
        outdated(email);
        String sid = JSON.readTree(poll("").body().substring(1)).path("sid").asText();
        assertThat(send(sid, "40").body()).isEqualTo("ok");
        assertThat(poll(sid).body()).startsWith("40{");

        send(sid, "421[\"create\",\"authentication\"," + JSON.writeValueAsString(Map.of("strategy", "local", "email", email,
                "password", PASSWORD)) + ",{}]");
        String refused = poll(sid).body();
        assertThat(refused).startsWith("431[");
        JsonNode error = JSON.readTree(refused.substring(3)).get(0);
        assertThat(error.path("code").asInt()).isEqualTo(403);
        assertThat(error.path("data").path("code").asText()).isEqualTo("terms_acceptance_required");
        assertThat(error.path("data").path("termsVersion").asText()).isEqualTo(TermsProfile.VERSION);

        send(sid, "422[\"create\",\"authentication\"," + JSON.writeValueAsString(Map.of("strategy", "local", "email", email,
                "password", PASSWORD, "termsVersion", TermsProfile.VERSION)) + ",{}]");
        String accepted = poll(sid).body();
        assertThat(accepted).startsWith("432[null,{");
        assertThat(JSON.readTree(accepted.substring(3)).get(1).path("accessToken").asText()).isNotBlank();
        send(sid, "1");
    }

    @Test
    void theResourceApiAcceptsWithTheCredentialsAndSignsIn() {
        String email = TestEvents.uniqueEmail();
        String id = outdated(email);
        acceptance(email, PASSWORD, TermsProfile.EARLIER).then().statusCode(400).contentType("application/problem+json")
                .body("code", equalTo("terms_not_accepted")).body("termsVersion", equalTo(TermsProfile.VERSION))
                .body("termsUrl", equalTo(TermsProfile.URL));
        acceptance(email, "wrong password 12345", TermsProfile.VERSION).then().statusCode(401)
                .contentType("application/problem+json").body("code", equalTo("unauthenticated"));
        assertThat(Sql.column("select terms_version from users where id = ?::uuid", id)).isEqualTo(TermsProfile.EARLIER);

        acceptance(email, PASSWORD, TermsProfile.VERSION).then().statusCode(201).body("accessToken", notNullValue())
                .body("user.id", equalTo(id));
        assertThat(Sql.column("select terms_version from users where id = ?::uuid", id)).isEqualTo(TermsProfile.VERSION);
        login(email, PASSWORD, null).then().statusCode(201);
    }

    @Test
    void theTermsAndConditionsProcessRecordsTheAcceptanceOfAProvedAccount() {
        String email = TestEvents.uniqueEmail();
        String id = outdated(email);
        Response answer = given().accept(ContentType.JSON).get("/selfservice/termsAndConditions");
        answer.then().statusCode(200).body("type", equalTo("userQuery"));
        answer = submit("termsAndConditions", null, Map.of("email", email));
        answer.then().statusCode(200).body("type", equalTo("emailValidation"));
        answer = submit("termsAndConditions", answer.jsonPath().getString("token"), Map.of("code", mailedCode(email, "/pages/selfservice/termsAndConditions")));
        answer.then().statusCode(200).body("type", equalTo("termsAndConditions"))
                .body("requirements.termsVersion", equalTo(TermsProfile.VERSION))
                .body("requirements.termsUrl", equalTo(TermsProfile.URL));
        assertThat(Sql.column("select terms_version from users where id = ?::uuid", id)).isEqualTo(TermsProfile.EARLIER);
        answer = submit("termsAndConditions", answer.jsonPath().getString("token"), Map.of("accept", true));
        answer.then().statusCode(200).body("type", equalTo("end")).body("additions.userId", equalTo(id))
                .body("additions.termsVersion", equalTo(TermsProfile.VERSION));

        assertThat(Sql.column("select terms_version from users where id = ?::uuid", id)).isEqualTo(TermsProfile.VERSION);
        assertThat(Sql.column("select count(*) from audit_log where user_id = ?::uuid and type = 'terms_accepted' "
                + "and details->>'version' = ?", id, TermsProfile.VERSION)).isEqualTo("2");
        login(email, PASSWORD, null).then().statusCode(201);
    }

    @Test
    void theRegistrationProcessRecordsTheAcceptanceWithTheNewAccount() {
        String email = TestEvents.uniqueEmail();
        Response answer = given().accept(ContentType.JSON).get("/selfservice/registration");
        String token = null;
        while (!"end".equals(answer.jsonPath().getString("type"))) {
            Map<String, Object> input = switch (answer.jsonPath().getString("type")) {
                case "termsAndConditions" -> Map.of("accept", true);
                case "consent" -> Map.of("consentGiven", true);
                case "userDetails" -> Map.of("email", email, "password", PASSWORD);
                case "emailValidation" -> Map.of("code", mailedCode(email, "/pages/selfservice/registration"));
                default -> throw new AssertionError(answer.asString());
            };
            answer = submit("registration", token, input);
            answer.then().statusCode(200);
            token = answer.jsonPath().getString("token");
        }
        String id = Accounts.idOf(email);
        assertThat(Sql.column("select terms_version from users where id = ?::uuid", id)).isEqualTo(TermsProfile.VERSION);
        assertThat(Sql.column("select count(*) from audit_log where user_id = ?::uuid and type = 'terms_accepted'", id))
                .isEqualTo("1");
        login(email, PASSWORD, null).then().statusCode(201);
    }

    /** A verified account that accepted the earlier version (as if the version in force was published since). */
    private static String outdated(String email) {
        String id = signUp(email);
        Sql.update("update users set is_verified = true, terms_version = ?, terms_accepted_at = now() - interval '30 days' "
                + "where id = ?::uuid", TermsProfile.EARLIER, id);
        return id;
    }

    private static String signUp(String email) {
        given().contentType(ContentType.JSON).body(Map.of("email", email, "password", PASSWORD, "termsVersion", TermsProfile.VERSION))
                .post("/users").then().statusCode(202);
        return Accounts.idOf(email);
    }

    static Response login(String email, String password, String termsVersion) {
        Map<String, Object> body = new HashMap<>(Map.of("strategy", "local", "email", email, "password", password));
        if (termsVersion != null) {
            body.put("termsVersion", termsVersion);
        }
        return given().contentType(ContentType.JSON).body(body).post("/authentication");
    }

    private static Response acceptance(String email, String password, String termsVersion) {
        return given().contentType(ContentType.JSON)
                .body(Map.of("email", email, "password", password, "termsVersion", termsVersion)).post("/terms/acceptance");
    }

    private static Response submit(String process, String token, Map<String, ?> input) {
        Map<String, Object> body = new HashMap<>();
        body.put("input", input);
        if (token != null) {
            body.put("token", token);
        }
        return given().contentType(ContentType.JSON).queryParam("_action", "submitRequirements").body(body)
                .post("/selfservice/" + process);
    }

    private HttpResponse<String> poll(String sid) throws Exception {
        return HTTP.send(HttpRequest.newBuilder(URI.create(socketIo + "?EIO=4&transport=polling" + (sid.isEmpty() ? "" : "&sid=" + sid)))
                .timeout(Duration.ofSeconds(10)).GET().build(), HttpResponse.BodyHandlers.ofString());
    }

    private HttpResponse<String> send(String sid, String payload) throws Exception {
        return HTTP.send(HttpRequest.newBuilder(URI.create(socketIo + "?EIO=4&transport=polling&sid=" + sid))
                .timeout(Duration.ofSeconds(10)).POST(HttpRequest.BodyPublishers.ofString(payload))
                .header("Content-Type", "text/plain;charset=UTF-8").build(), HttpResponse.BodyHandlers.ofString());
    }

    /** The code of the latest message to the address whose text links to the path. */
    private static String mailedCode(String email, String path) {
        Awaitility.await().atMost(Duration.ofSeconds(30)).until(() -> !mails(email, path).isEmpty());
        List<MimeMessage> mails = mails(email, path);
        Matcher code = CODE.matcher(Mailbox.part(mails.get(mails.size() - 1), "text/plain"));
        assertThat(code.find()).as("the message carries a code").isTrue();
        return code.group(1);
    }

    private static List<MimeMessage> mails(String email, String path) {
        return Mailbox.to(email).stream().filter(m -> Mailbox.part(m, "text/plain").contains(path + "?")).toList();
    }
}
