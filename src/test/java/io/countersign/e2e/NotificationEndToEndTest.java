package io.countersign.e2e;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.ObjectMapper;

import io.countersign.testing.Accounts;
import io.countersign.testing.Mailbox;
import io.countersign.testing.SmsStub;
import io.countersign.testing.TestEvents;
import io.quarkus.logging.Log;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import jakarta.inject.Inject;
import jakarta.mail.internet.MimeMessage;

/** Through the public API: the notification a flow sends arrives, and what it carries completes the flow. */
@QuarkusTest
class NotificationEndToEndTest {

    private static final Pattern LINK = Pattern.compile("http://localhost:8080(/pages/[a-z/]+)\\?token=([A-Za-z0-9._~%-]+)");
    private static final Pattern CODE = Pattern.compile("Code: (\\d{6})");
    private static final Duration DELIVERY = Duration.ofSeconds(20);

    @Inject
    ObjectMapper json;

    @Test
    void signUpEmailLinkVerifiesTheAccount() {
        String email = TestEvents.uniqueEmail();
        long requested = System.nanoTime();
        given().contentType(ContentType.JSON)
                .body(Map.of("email", email, "password", "violet tractor umbrella 47", "displayName", "Ada", "locale", "de"))
                .when().post("/users").then().statusCode(202);
        String id = Accounts.idOf(email);
        Awaitility.await().atMost(DELIVERY).pollInterval(Duration.ofMillis(10)).until(() -> Mailbox.to(email).size() == 1);
        Log.infof("sign-up request -> email in the SMTP server: %d ms", (System.nanoTime() - requested) / 1_000_000);
        MimeMessage mail = Mailbox.to(email).get(0);
        assertTrue(Mailbox.subject(mail).contains("Bestätigen"), Mailbox.subject(mail));
        String token = token(Mailbox.part(mail, "text/plain"), "/pages/verify");
        assertTrue(Mailbox.part(mail, "text/html").contains(token), "the HTML carries the same link");
        given().contentType(ContentType.JSON).body(Map.of("token", token))
                .when().post("/verification/confirm").then().statusCode(200)
                .body("id", equalTo(id)).body("isVerified", equalTo(true));
    }

    @Test
    void passwordResetByEmailLink() {
        String email = TestEvents.uniqueEmail();
        signUp(Map.of("email", email, "password", "first password 123"));
        Awaitility.await().atMost(DELIVERY).until(() -> Mailbox.to(email).size() == 1);
        String verify = token(Mailbox.part(Mailbox.to(email).get(0), "text/plain"), "/pages/verify");
        given().contentType(ContentType.JSON).body(Map.of("token", verify))
                .when().post("/verification/confirm").then().statusCode(200);
        given().contentType(ContentType.JSON).body(Map.of("email", email))
                .when().post("/password/forgot").then().statusCode(202);
        Awaitility.await().atMost(DELIVERY).until(() -> resetMail(email) != null);
        String token = token(Mailbox.part(resetMail(email), "text/plain"), "/pages/reset");
        given().contentType(ContentType.JSON).body(Map.of("token", token, "password", "second password 456"))
                .when().post("/password/reset").then().statusCode(200);
        login(Map.of("strategy", "local", "email", email, "password", "second password 456"), 201);
    }

    @Test
    void passwordResetByCodeFromSms() throws Exception {
        String phone = "+49155" + (1_000_000 + (int) (Math.random() * 8_999_999));
        signUp(Map.of("phone", phone, "password", "first password 123", "preferredChannel", "sms"));
        Awaitility.await().atMost(DELIVERY).until(() -> SmsStub.shared().requestsMentioning(phone).size() == 1);
        given().contentType(ContentType.JSON).body(Map.of("code", code(phone, "confirm your account"), "phone", phone))
                .when().post("/verification/confirm").then().statusCode(200).body("isVerified", equalTo(true));
        given().contentType(ContentType.JSON).body(Map.of("phone", phone))
                .when().post("/password/forgot").then().statusCode(202);
        Awaitility.await().atMost(DELIVERY).until(() -> !SmsStub.shared().requestsMentioning("reset your password").stream()
                .filter(r -> r.body().contains(phone)).toList().isEmpty());
        given().contentType(ContentType.JSON).body(Map.of("code", code(phone, "reset your password"), "phone", phone, "password", "second password 456"))
                .when().post("/password/reset").then().statusCode(200);
        login(Map.of("strategy", "local", "phone", phone, "password", "second password 456"), 201);
    }

    private String code(String phone, String wording) throws Exception {
        SmsStub.Request sms = SmsStub.shared().requestsMentioning(phone).stream().filter(r -> r.body().contains(wording))
                .reduce((first, second) -> second).orElseThrow();
        String text = (String) json.readValue(sms.body(), Map.class).get("text");
        Matcher code = CODE.matcher(text);
        assertTrue(code.find(), "SMS carries a code");
        return code.group(1);
    }

    @Test
    void signUpEmailArrivesWithinASecond() {
        List<Long> fromRequest = new ArrayList<>();
        List<Long> fromCommit = new ArrayList<>();
        for (int i = 0; i < 11; i++) {
            String email = TestEvents.uniqueEmail();
            long requested = System.nanoTime();
            signUp(Map.of("email", email, "password", "violet tractor umbrella 47"));
            long committed = System.nanoTime(); // the 201 is sent after the sign-up transaction committed
            Awaitility.await().atMost(DELIVERY).pollInterval(Duration.ofMillis(5)).until(() -> Mailbox.to(email).size() == 1);
            long arrived = System.nanoTime();
            if (i > 0) { // the first one may wait for the consumer group to form
                fromRequest.add((arrived - requested) / 1_000_000);
                fromCommit.add((arrived - committed) / 1_000_000);
            }
        }
        List<Long> request = fromRequest.stream().sorted().toList();
        List<Long> commit = fromCommit.stream().sorted().toList();
        Log.infof("sign-up over %d sign-ups: request -> email median %d ms (max %d); commit (201) -> email median %d ms (max %d)",
                request.size(), request.get(request.size() / 2), request.get(request.size() - 1),
                commit.get(commit.size() / 2), commit.get(commit.size() - 1));
        assertTrue(commit.get(commit.size() / 2) < 1_000, "median commit -> email " + commit.get(commit.size() / 2) + " ms");
    }

    private static MimeMessage resetMail(String email) {
        return Mailbox.to(email).stream().filter(m -> Mailbox.part(m, "text/plain").contains("/pages/reset?token="))
                .findFirst().orElse(null);
    }

    private static void signUp(Map<String, Object> body) {
        given().contentType(ContentType.JSON).body(body).when().post("/users").then().statusCode(202);
    }

    private static void login(Map<String, Object> body, int status) {
        given().contentType(ContentType.JSON).body(body).when().post("/authentication").then().statusCode(status);
    }

    private static String token(String text, String path) {
        Matcher link = LINK.matcher(text);
        assertTrue(link.find(), "a link in " + text.length() + " characters of text");
        assertTrue(link.group(1).equals(path), link.group(1));
        URI.create(link.group(0));
        return URLDecoder.decode(link.group(2), StandardCharsets.UTF_8);
    }
}
