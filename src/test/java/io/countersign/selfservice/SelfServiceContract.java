package io.countersign.selfservice;

import static io.countersign.selfservice.Steps.map;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.nullValue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaLocation;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SpecificationVersion;

import io.countersign.testing.Accounts;
import io.countersign.testing.Mailbox;
import io.countersign.testing.OffContract;
import io.countersign.testing.Sql;
import io.countersign.testing.TestEvents;
import io.restassured.RestAssured;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import jakarta.inject.Inject;
import jakarta.mail.internet.MimeMessage;

/**
 * The self-service protocol and the shipped processes, end to end over HTTP with real mail (and SMS through the local
 * gateway stub). Run once per snapshot token mode: {@link StoredSelfServiceTest} (default configuration and order) and
 * {@link StatelessSelfServiceTest} (stateless tokens, reordered stages). The client answers whatever stage comes next
 * ({@link Steps#run}), so the same tests hold in any order.
 */
abstract class SelfServiceContract {

    static final String PASSWORD = "violet tractor umbrella 47";
    static final String NEW_PASSWORD = "copper lantern meadow 93";

    /** The stage types the registration process goes through, in this configuration's order. */
    abstract List<String> registrationOrder();

    abstract List<String> resetOrder();

    /** A token of the reset process at its emailValidation stage, past its lifetime (made so by the mode's own means). */
    abstract String expired(String liveToken);

    private static Map<String, Function<Response, Map<String, ?>>> registration(String email) {
        return registration(email, null);
    }

    private static Map<String, Function<Response, Map<String, ?>>> registration(String email, String username) {
        return Map.of(
                "termsAndConditions", r -> map("accept", true),
                "consent", r -> map("consentGiven", true),
                "userDetails", r -> username == null ? map("email", email, "password", PASSWORD, "displayName", "Ada")
                        : map("email", email, "password", PASSWORD, "username", username),
                "emailValidation", r -> map("code", Steps.mailedCode(email, "/pages/selfservice/registration", 1)));
    }

    private static Map<String, Function<Response, Map<String, ?>>> reset(String email, int resetMails) {
        return Map.of(
                "userQuery", r -> map("email", email),
                "emailValidation", r -> map("code", Steps.mailedCode(email, "/pages/selfservice/reset", resetMails)),
                "resetStage", r -> map("password", NEW_PASSWORD));
    }

    static String register(String email) {
        Steps.run("registration", registration(email));
        return Accounts.idOf(email);
    }

    @Test
    void registrationRunsToItsEndAndTheAccountSignsInWithThePasswordChosenOnTheWay() {
        String email = TestEvents.uniqueEmail();
        assertThat(Steps.run("registration", registration(email))).isEqualTo(registrationOrder());
        assertThat(Sql.column("select is_verified::text from users where email = ?", email)).isEqualTo("true");
        login(email, PASSWORD).then().statusCode(201);
    }

    @Test
    void theEndAnswerReportsTheProvedAccountAndTheAcceptedTerms() {
        String email = TestEvents.uniqueEmail();
        Response answer = Steps.start("registration");
        String token = null;
        while (!"end".equals(answer.jsonPath().getString("type"))) {
            answer = Steps.submit("registration", token, registration(email).get(answer.jsonPath().getString("type")).apply(answer));
            token = answer.jsonPath().getString("token");
        }
        answer.then().statusCode(200).body("tag", equalTo("end")).body("status.success", equalTo(true))
                .body("token", nullValue()).body("additions.userId", equalTo(Accounts.idOf(email)))
                .body("additions.termsVersion", equalTo("1")).body("additions.consentGiven", equalTo(true));
    }

    @Test
    void resetRunsToItsEndWithTheMailedCodeAndEndsTheOldPassword() {
        String email = TestEvents.uniqueEmail();
        register(email);
        assertThat(Steps.run("reset", reset(email, 1))).isEqualTo(resetOrder());
        login(email, PASSWORD).then().statusCode(401);
        login(email, NEW_PASSWORD).then().statusCode(201);
    }

    @Test
    void termsAndConditionsRecordsTheAcceptanceOfTheVersionInForceOnAProvedAccount() {
        String email = TestEvents.uniqueEmail();
        String id = register(email);
        // the account accepted an earlier version; the process records the one in force
        Sql.update("update users set terms_version = 'old', terms_accepted_at = now() - interval '1 day' where id = ?::uuid", id);
        String accepted = "select count(*)::text from audit_log where type = 'terms_accepted' and user_id = ?::uuid";
        int before = Integer.parseInt(Sql.column(accepted, id));
        List<String> order = Steps.run("termsAndConditions", Map.of(
                "userQuery", r -> map("email", email),
                "emailValidation", r -> map("code", Steps.mailedCode(email, "/pages/selfservice/termsAndConditions", 1)),
                "termsAndConditions", r -> map("accept", true)));
        assertThat(order).contains("userQuery", "emailValidation", "termsAndConditions");
        assertThat(Sql.column("select terms_version from users where id = ?::uuid", id)).isEqualTo("1");
        assertThat(Integer.parseInt(Sql.column(accepted, id))).as("one more terms_accepted audit entry").isEqualTo(before + 1);
    }

    @Test
    void aRefusedStageAnswersItsRequirementsAgainWithTheErrorAndANewToken() {
        String email = TestEvents.uniqueEmail();
        register(email);
        Response answer = toEmailValidation("reset", email);
        String token = answer.jsonPath().getString("token");
        Response wrong = Steps.submit("reset", token, map("code", "000000"));
        wrong.then().statusCode(400).contentType(ContentType.JSON).body("type", equalTo("emailValidation"))
                .body("tag", equalTo("initial")).body("code", equalTo("token_incorrect"))
                .body("error.code", equalTo("token_incorrect")).body("token", not(equalTo(token)))
                .body("requirements.required", equalTo(List.of("code")));
        Response proved = Steps.submit("reset", wrong.jsonPath().getString("token"),
                map("code", Steps.mailedCode(email, "/pages/selfservice/reset", 1)));
        proved.then().statusCode(200);
        String atReset = proved.jsonPath().getString("token");
        // validateActiveAccount asks for nothing: the next stage that asks is resetStage, in either order
        proved.then().body("type", equalTo("resetStage"));
        Response weak = Steps.submit("reset", atReset, map("password", "password"));
        weak.then().statusCode(400).body("type", equalTo("resetStage")).body("code", equalTo("password_policy"));
        login(email, PASSWORD).then().statusCode(201);
        Steps.submit("reset", weak.jsonPath().getString("token"), map("password", NEW_PASSWORD)).then().statusCode(200)
                .body("type", equalTo("end"));
        login(email, NEW_PASSWORD).then().statusCode(201);
    }

    @Test
    void anUnknownAccountAnswersLikeAKnownOneAndNoMessageIsSent() {
        String known = TestEvents.uniqueEmail();
        register(known);
        String ghost = TestEvents.uniqueEmail();
        Response forKnown = toEmailValidation("reset", known);
        Response forGhost = toEmailValidation("reset", ghost);
        assertThat(forGhost.jsonPath().getMap("requirements")).isEqualTo(forKnown.jsonPath().getMap("requirements"));
        assertThat(forGhost.jsonPath().getMap("").keySet()).isEqualTo(forKnown.jsonPath().getMap("").keySet());
        Steps.submit("reset", forGhost.jsonPath().getString("token"), map("code", "123456")).then().statusCode(400)
                .body("code", equalTo("token_incorrect")).body("type", equalTo("emailValidation"));
        Awaitility.await().atMost(Duration.ofSeconds(30)).until(() -> Steps.mails(known, "/pages/selfservice/reset").size() == 1);
        assertThat(Mailbox.to(ghost)).isEmpty();
    }

    @Test
    void theUsernameGoesToTheAccountsOwnAddressAndAnUnknownAccountAnswersAlike() {
        String email = TestEvents.uniqueEmail();
        String username = "ada_" + System.nanoTime();
        Steps.run("registration", registration(email, username));
        String ghost = TestEvents.uniqueEmail();
        Response forKnown = Steps.submit("username", null, map("email", email));
        Response forGhost = Steps.submit("username", null, map("email", ghost));
        forKnown.then().statusCode(200).body("type", equalTo("end")).body("status.success", equalTo(true));
        assertThat(forGhost.asString()).isEqualTo(forKnown.asString());
        Awaitility.await().atMost(Duration.ofSeconds(30)).until(() -> Mailbox.to(email).stream()
                .anyMatch(m -> Mailbox.subject(m).contains("username")));
        MimeMessage mail = Mailbox.to(email).stream().filter(m -> Mailbox.subject(m).contains("username")).findFirst().orElseThrow();
        assertThat(Mailbox.part(mail, "text/plain")).contains(username);
        assertThat(Mailbox.to(ghost)).isEmpty();
    }

    @Test
    void aTokenIsSingleUseAndBoundToItsProcess() {
        String token = toEmailValidation("reset", TestEvents.uniqueEmail()).jsonPath().getString("token");
        Response refused = Steps.submit("reset", token, map("code", "123456"));
        refused.then().statusCode(400).body("code", equalTo("token_incorrect"));
        problem(Steps.submit("reset", token, map("code", "123456")), "snapshot_used");
        String next = refused.jsonPath().getString("token");
        problem(Steps.submit("registration", next, map("accept", true)), "snapshot_foreign");
        problem(Steps.submit("reset", next, map("code", "123456")), "snapshot_used");
    }

    @Test
    void aForgedOrExpiredTokenIsRefused() {
        String token = toEmailValidation("reset", TestEvents.uniqueEmail()).jsonPath().getString("token");
        problem(Steps.submit("reset", "not-a-token", map("code", "123456")), "snapshot_invalid");
        String forged = token.substring(0, token.length() - 3) + (token.endsWith("AAA") ? "BBB" : "AAA");
        problem(Steps.submit("reset", forged, map("code", "123456")), "snapshot_invalid");
        String another = toEmailValidation("reset", TestEvents.uniqueEmail()).jsonPath().getString("token");
        problem(Steps.submit("reset", expired(another), map("code", "123456")), "snapshot_expired");
    }

    @Inject
    Processes processes;

    @Inject
    ObjectMapper json;

    /**
     * Every stage of every configured process answers requirements that are valid JSON Schema (checked against the
     * draft 2020-12 meta-schema), and so is every requirements answer seen over HTTP so far; a broken schema is
     * refused by the same check.
     */
    @Test
    void everyRequirementsAnswerIsValidJsonSchema() {
        Schema meta = SchemaRegistry.withDefaultDialect(SpecificationVersion.DRAFT_2020_12)
                .getSchema(SchemaLocation.of(Schemas.DRAFT));
        List<Map<String, Object>> all = new ArrayList<>(Steps.SEEN);
        int stages = 0;
        for (String name : processes.names()) {
            ProcessDefinition process = processes.get(name);
            for (Stage stage : process.stages()) {
                Map<String, Object> requirements = stage.requirements(Snapshot.start(name), process);
                if (requirements != null) {
                    all.add(requirements);
                    stages++;
                }
            }
        }
        assertThat(stages).isGreaterThanOrEqualTo(10);
        for (Map<String, Object> requirements : all) {
            assertThat(meta.validate(json.valueToTree(requirements))).as(requirements.toString()).isEmpty();
        }
        assertThat(meta.validate(json.valueToTree(Map.of("type", 5, "required", "code")))).isNotEmpty();
        // a sample input of the userDetails stage is an instance of its schema
        Schema details = SchemaRegistry.withDefaultDialect(SpecificationVersion.DRAFT_2020_12)
                .getSchema(json.valueToTree(new UserDetailsProbe().requirements(processes)));
        assertThat(details.validate(json.valueToTree(Map.of("email", "ada@example.com", "password", PASSWORD)))).isEmpty();
        assertThat(details.validate(json.valueToTree(Map.of("email", "ada@example.com", "isAdmin", true)))).isNotEmpty();
    }

    /** The userDetails requirements of the registration process. */
    static final class UserDetailsProbe {
        Map<String, Object> requirements(Processes processes) {
            ProcessDefinition registration = processes.get("registration");
            return registration.stages().stream().filter(s -> s.type().equals("userDetails")).findFirst().orElseThrow()
                    .requirements(Snapshot.start("registration"), registration);
        }
    }

    @Test
    void theFirstAnswerIsTheFirstStagesRequirementsWithoutAToken() {
        Steps.start("reset").then().statusCode(200).contentType(ContentType.JSON).body("type", equalTo("userQuery"))
                .body("tag", equalTo("initial")).body("token", nullValue())
                .body("requirements.$schema", equalTo(Schemas.DRAFT))
                .body("requirements.properties.email.format", equalTo("email"));
    }

    @Test
    void anUnknownProcessIsNotFound() {
        Steps.start("nothing-here").then().statusCode(404).body("code", equalTo("not_found"));
    }

    @Test
    @OffContract("an action the document does not allow, and an input field no stage asks for")
    void aWrongActionOrAnInputTheStageDoesNotAskForIsRefused() {
        RestAssured.given().contentType(ContentType.JSON).queryParam("_action", "patch").body(Map.of("input", Map.of()))
                .post("/selfservice/reset").then().statusCode(400).body("code", equalTo("invalid_request"));
        Steps.submit("reset", null, map("email", "a@example.com", "isAdmin", true)).then().statusCode(400)
                .body("type", equalTo("userQuery")).body("error.field", equalTo("isAdmin"));
    }

    @Test
    void anOperatorDefinedProcessRegistersAndResetsByPhoneOverSms() {
        String phone = "+49156" + (1_000_000 + (int) (Math.random() * 8_999_999));
        Steps.run("phone-registration", Map.of(
                "userDetails", r -> map("phone", phone, "password", PASSWORD),
                "smsValidation", r -> map("code", Steps.smsCode(phone, "confirm your account", 1))));
        assertThat(Sql.column("select is_verified::text from users where phone = ?", phone)).isEqualTo("true");
        Steps.run("phone-reset", Map.of(
                "userQuery", r -> map("phone", phone),
                "smsValidation", r -> map("code", Steps.smsCode(phone, "reset your password", 1)),
                "resetStage", r -> map("password", NEW_PASSWORD)));
        RestAssured.given().contentType(ContentType.JSON)
                .body(Map.of("strategy", "local", "phone", phone, "password", NEW_PASSWORD))
                .post("/authentication").then().statusCode(201);
    }

    /** Runs userQuery (and what asks for nothing after it) up to the emailValidation stage. */
    static Response toEmailValidation(String process, String email) {
        Steps.start(process).then().statusCode(200);
        Response answer = Steps.submit(process, null, map("email", email));
        answer.then().statusCode(200).body("type", equalTo("emailValidation"));
        return answer;
    }

    static void problem(Response response, String code) {
        response.then().statusCode(400).contentType("application/problem+json").body("code", equalTo(code));
    }

    static Response login(String email, String password) {
        return RestAssured.given().contentType(ContentType.JSON)
                .body(Map.of("strategy", "local", "email", email, "password", password)).post("/authentication");
    }
}
