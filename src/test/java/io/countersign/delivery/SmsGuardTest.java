package io.countersign.delivery;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.awaitility.Awaitility;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.ObjectMapper;

import io.countersign.event.NotificationEvent;
import io.countersign.event.NotificationType;
import io.countersign.event.Recipient;
import io.countersign.event.SecretBox;
import io.countersign.notifier.lifecycle.Recipients;
import io.countersign.testing.Accounts;
import io.countersign.testing.RawKafka;
import io.countersign.testing.SmsStub;
import io.countersign.testing.Sql;
import io.countersign.testing.TestEvents;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.RestAssured;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import io.restassured.response.Response;
import jakarta.inject.Inject;

/**
 * Issue 16 item 7, the SMS abuse guard, with the real stack (the SMS gateway is the local stub): a number outside
 * the allowed country calling codes gets no SMS, but its caller gets the same answer as any other; the per-prefix and
 * the global hourly caps refuse further SMS, counted in PostgreSQL (so an other instance's SMS count); every refusal
 * is recorded {@code suppressed}, audited without the number and counted; the spend estimate is in the metrics.
 */
@QuarkusTest
@TestProfile(SmsGuardTest.GuardOn.class)
class SmsGuardTest {

    /** The guard on: +49, +44 and +33 allowed; +44 capped at 2 an hour and priced 0.10; 5 SMS an hour in all. */
    public static class GuardOn implements QuarkusTestProfile {

        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("countersign.sms.guard.enabled", "true",
                    "countersign.sms.guard.allowed-prefixes", "49,+44,33",
                    "countersign.sms.guard.prefix-caps.44", "2",
                    "countersign.sms.guard.global-cap", "5",
                    "countersign.sms.guard.price.per-prefix.44", "0.10",
                    "countersign.sms.guard.price.standard", "0.04");
        }
    }

    private static final Duration DELIVERY = Duration.ofSeconds(30);
    private static final String PASSWORD = "violet tractor umbrella 47";

    @Inject
    SecretBox box;
    @Inject
    ObjectMapper json;

    @BeforeEach
    void newWindow() {
        Sql.update("delete from rate_limits where key like 'sms-guard:%'");
    }

    @Test
    void aDisallowedCountryGetsNoSmsButTheSameAnswersAuditedAndCounted() {
        double refusedBefore = metric("countersign_sms_guard_refused_total{reason=\"country\"}");
        String allowed = phone("+4915");
        String disallowed = phone("+1555");
        List<String> allowedAnswers = journey(allowed);
        List<String> disallowedAnswers = journey(disallowed);
        assertEquals(allowedAnswers, disallowedAnswers, "status and body of sign-up, forgot and resend");

        String admin = Admin.token();
        String allowedUser = Accounts.idOfPhone(allowed);
        String disallowedUser = Accounts.idOfPhone(disallowed);
        Awaitility.await().atMost(DELIVERY).until(() -> states(admin, allowedUser).stream().allMatch("sent"::equals)
                && !states(admin, allowedUser).isEmpty());
        int sent = states(admin, allowedUser).size();
        Awaitility.await().atMost(DELIVERY).until(() -> states(admin, disallowedUser).size() == sent
                && states(admin, disallowedUser).stream().allMatch("suppressed"::equals));
        assertThat(SmsStub.shared().requestsMentioning(allowed)).hasSize(sent);
        assertThat(SmsStub.shared().requestsMentioning(disallowed)).isEmpty();

        JsonPath list = MessageLifecycleTest.messages(admin, disallowedUser);
        assertThat(list.getList("reason")).containsOnly("sms guard: country");
        assertThat(list.getList("channel")).containsOnly("sms");
        assertThat(list.getList("recipient")).containsOnly(Recipients.mask(disallowed));
        JsonPath history = MessageLifecycleTest.message(admin, list.getString("[0].id"));
        assertEquals(List.of("queued", "suppressed"), history.getList("history.state"));

        List<String> audit = Sql.rows("select details::text from audit_log where user_id = ?::uuid and type = 'sms_refused'",
                disallowedUser);
        assertThat(audit).hasSize(sent).allSatisfy(entry -> assertThat(entry).contains("\"reason\": \"country\"")
                .contains("\"prefix\": \"other\"").doesNotContain(disallowed).doesNotContain(disallowed.substring(1)));
        assertThat(metric("countersign_sms_guard_refused_total{reason=\"country\"}") - refusedBefore).isEqualTo(sent);
        assertThat(metric("countersign_messages_total{channel=\"sms\",state=\"suppressed\",type=\"resendVerifySignup\"}"))
                .isGreaterThanOrEqualTo(1.0);
    }

    @Test
    void aPhoneChangeToADisallowedCountryAnswersAlikeAndSendsNoSms() {
        String allowed = phone("+4917");
        String disallowed = phone("+7916");
        String allowedUser = verifiedAccount();
        String disallowedUser = verifiedAccount();
        String allowedAnswer = answer(changePhone(allowedUser, allowed));
        String disallowedAnswer = answer(changePhone(disallowedUser, disallowed));
        assertThat(allowedAnswer).startsWith("202 ");
        assertEquals(allowedAnswer, disallowedAnswer);

        Awaitility.await().atMost(DELIVERY).until(() -> SmsStub.shared().requestsMentioning(allowed).size() == 1);
        Awaitility.await().atMost(DELIVERY).until(() -> "1".equals(Sql.column("select count(*) from audit_log "
                + "where type = 'sms_refused' and user_id = ?::uuid", Accounts.idOf(disallowedUser))));
        assertThat(Sql.column("select details ->> 'type' from audit_log where type = 'sms_refused' and user_id = ?::uuid",
                Accounts.idOf(disallowedUser))).isEqualTo("identityChange");
        assertThat(SmsStub.shared().requestsMentioning(disallowed)).isEmpty();
    }

    @Test
    void thePerPrefixCapRefusesFurtherSmsToThatPrefixAndTheSpendIsEstimated() throws Exception {
        double spendBefore = metric("countersign_sms_spend_estimate_total{currency=\"EUR\",prefix=\"44\"}");
        double todayBefore = metric("countersign_sms_spend_estimate_today{currency=\"EUR\",prefix=\"44\"}");
        double refusedBefore = metric("countersign_sms_guard_refused_total{reason=\"prefix-cap\"}");
        List<Sent> sent = send("+447700", 3);
        assertEquals(2, delivered(sent), "the cap of +44 is 2 an hour");
        assertThat(reasons(sent)).containsExactlyInAnyOrder("sent", "sent", "sms guard: prefix-cap");
        assertThat(metric("countersign_sms_guard_refused_total{reason=\"prefix-cap\"}") - refusedBefore).isEqualTo(1.0);
        assertThat(metric("countersign_sms_spend_estimate_total{currency=\"EUR\",prefix=\"44\"}") - spendBefore)
                .isCloseTo(0.20, within(1e-9));
        assertThat(metric("countersign_sms_spend_estimate_today{currency=\"EUR\",prefix=\"44\"}") - todayBefore)
                .isCloseTo(0.20, within(1e-9));

        // other calling codes are not held up by the +44 cap
        List<Sent> other = send("+3361", 1);
        assertEquals(1, delivered(other));
        assertThat(sent.stream().flatMap(s -> Sql.rows("select details::text from audit_log where type = 'sms_refused' "
                + "and user_id = ?::uuid", s.userId()).stream()).toList())
                .singleElement().asString().contains("\"reason\": \"prefix-cap\"").contains("\"prefix\": \"44\"");
    }

    @Test
    void theGlobalCapRefusesFurtherSmsToAnyPrefix() throws Exception {
        double refusedBefore = metric("countersign_sms_guard_refused_total{reason=\"global-cap\"}");
        List<Sent> sent = send("+3362", 4);
        sent.addAll(send("+4916", 3));
        assertEquals(5, delivered(sent), "5 SMS an hour in all");
        assertThat(reasons(sent)).filteredOn("sms guard: global-cap"::equals).hasSize(2);
        assertThat(metric("countersign_sms_guard_refused_total{reason=\"global-cap\"}") - refusedBefore).isEqualTo(2.0);
    }

    @Test
    void theCapsAreSharedWithTheOtherInstancesThroughPostgreSql() throws Exception {
        // another notifier instance sent 5 SMS in this window
        Sql.update("insert into rate_limits (key, window_start, count) values ('sms-guard:global', now(), 5)");
        List<Sent> sent = send("+3363", 1);
        assertEquals(0, delivered(sent));
        assertThat(reasons(sent)).containsExactly("sms guard: global-cap");
        // a window that is over starts again
        Sql.update("update rate_limits set window_start = now() - interval '61 minutes' where key = 'sms-guard:global'");
        assertEquals(1, delivered(send("+3364", 1)));
    }

    // --- helpers ---

    /** Sign-up, forgot and resend by phone: their answers (status and body). */
    private static List<String> journey(String phone) {
        List<String> answers = new ArrayList<>();
        answers.add(answer(given().contentType(ContentType.JSON).body(Map.of("phone", phone, "password", PASSWORD)).post("/users")));
        answers.add(answer(given().contentType(ContentType.JSON).body(Map.of("phone", phone)).post("/password/forgot")));
        answers.add(answer(given().contentType(ContentType.JSON).body(Map.of("phone", phone)).post("/verification/resend")));
        return answers;
    }

    /** A verified account with an e-mail address only; answers its address. */
    private static String verifiedAccount() {
        String email = TestEvents.uniqueEmail();
        given().contentType(ContentType.JSON).body(Map.of("email", email, "password", PASSWORD)).post("/users")
                .then().statusCode(202);
        Sql.update("update users set is_verified = true where email = ?", email);
        return email;
    }

    private static Response changePhone(String email, String phone) {
        String token = given().contentType(ContentType.JSON)
                .body(Map.of("strategy", "local", "email", email, "password", PASSWORD)).post("/authentication")
                .then().statusCode(201).extract().path("accessToken");
        return given().auth().oauth2(token).contentType(ContentType.JSON).body(Map.of("password", PASSWORD, "phone", phone))
                .post("/identity/change");
    }

    private static String answer(Response response) {
        return response.statusCode() + " " + response.asString();
    }

    private static String phone(String prefix) {
        return prefix + String.format("%08d", Math.abs(UUID.randomUUID().getLeastSignificantBits() % 100_000_000L));
    }

    private record Sent(String id, String userId, String phone) {
    }

    /** Reset messages by SMS to {@code count} new numbers, through Kafka as the relay writes them; waits until each is final. */
    private List<Sent> send(String prefix, int count) throws Exception {
        List<Sent> sent = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            String phone = phone(prefix);
            NotificationEvent event = TestEvents.event(box, NotificationType.SEND_RESET_PWD,
                    new Recipient(null, phone, "sms", "en", null), Map.of());
            String id = RawKafka.newId();
            RawKafka.sendCloudEvent(id, NotificationType.SEND_RESET_PWD.cloudEventType(), event.userId(),
                    json.writeValueAsString(event));
            sent.add(new Sent(id, event.userId(), phone));
        }
        Awaitility.await().atMost(DELIVERY).until(() -> sent.stream().allMatch(s -> List.of("sent", "suppressed")
                .contains(String.valueOf(Sql.column("select state from messages where id = ?::uuid", s.id())))));
        return sent;
    }

    private static int delivered(List<Sent> sent) {
        return (int) sent.stream().filter(s -> !SmsStub.shared().requestsMentioning(s.phone()).isEmpty()).count();
    }

    /** Per message: {@code sent}, or the reason it was suppressed. */
    private static List<String> reasons(List<Sent> sent) {
        return sent.stream().map(s -> Sql.column("select case when state = 'sent' then 'sent' else reason end from messages "
                + "where id = ?::uuid", s.id())).toList();
    }

    private static List<String> states(String admin, String userId) {
        return MessageLifecycleTest.messages(admin, userId).getList("state");
    }

    private static double metric(String series) {
        return RestAssured.get("/q/metrics").asString().lines().filter(l -> l.startsWith(series + " "))
                .mapToDouble(l -> Double.parseDouble(l.substring(l.lastIndexOf(' ') + 1))).findFirst()
                .orElseThrow(() -> new AssertionError("no series " + series));
    }
}
