package io.countersign.pages;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.awaitility.Awaitility;

import io.countersign.testing.Accounts;
import io.countersign.testing.Mailbox;
import io.countersign.testing.Sql;
import io.restassured.http.ContentType;
import jakarta.mail.internet.MimeMessage;

/** Accounts made through the API, links and codes read from the real SMTP server, state read from PostgreSQL. */
final class PageFixtures {

    static final String PASSWORD = "violet tractor umbrella 47";
    private static final AtomicInteger SEQ = new AtomicInteger();
    private static final Pattern LINK = Pattern.compile("(https?://[^/\\s]+)(/pages/[a-z/]+)\\?token=([A-Za-z0-9._~%-]+)(?:&lang=([a-z]{2}))?");
    private static final Pattern CODE = Pattern.compile("[Cc]ode: ([0-9A-Z]{4,16})");

    private PageFixtures() {
    }

    static String uniqueEmail(String prefix) {
        return prefix + "-" + UUID.randomUUID().toString().substring(0, 8) + "-" + SEQ.incrementAndGet() + "@example.com";
    }

    static String signUp(String email, String locale) {
        given().contentType(ContentType.JSON).body(Map.of("email", email, "password", PASSWORD, "locale", locale))
                .post("/users").then().statusCode(202);
        return Accounts.idOf(email);
    }

    static String verifiedUser(String email) {
        String id = signUp(email, "en");
        update("update users set is_verified = true where id = ?::uuid", id);
        return id;
    }

    static int login(String email, String password) {
        return given().contentType(ContentType.JSON).body(Map.of("strategy", "local", "email", email, "password", password))
                .post("/authentication").then().extract().statusCode();
    }

    static String accessToken(String email, String password) {
        return given().contentType(ContentType.JSON).body(Map.of("strategy", "local", "email", email, "password", password))
                .post("/authentication").then().statusCode(201).extract().path("accessToken");
    }

    /** Waits for the n-th message (1-based) to this address whose text has a link to the given page. */
    static MimeMessage awaitMail(String address, String path, int nth) {
        Awaitility.await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(50))
                .until(() -> mails(address, path).size() >= nth);
        return mails(address, path).get(nth - 1);
    }

    private static List<MimeMessage> mails(String address, String path) {
        return Mailbox.to(address).stream().filter(m -> Mailbox.part(m, "text/plain").contains(path + "?token=")).toList();
    }

    /** The link of the message exactly as written in it; it must point at the server under test. */
    static String link(MimeMessage mail, String path) {
        Matcher m = LINK.matcher(Mailbox.part(mail, "text/plain"));
        assertTrue(m.find(), "a link in the message");
        assertTrue(m.group(1).equals(PagesProfile.BASE_URL), "the link points at the server under test: " + m.group(1));
        assertTrue(m.group(2).equals(path), m.group(2));
        assertTrue(Mailbox.part(mail, "text/html").contains(m.group(0).replace("&", "&amp;")), "the HTML part carries the same link");
        return m.group(0);
    }

    /** The token of a link, decoded. */
    static String token(String link) {
        Matcher m = LINK.matcher(link);
        assertTrue(m.find(), "a link");
        return java.net.URLDecoder.decode(m.group(3), java.nio.charset.StandardCharsets.UTF_8);
    }

    static String code(MimeMessage mail) {
        Matcher m = CODE.matcher(Mailbox.part(mail, "text/plain"));
        assertTrue(m.find(), "a code in the message");
        return m.group(1);
    }

    static String column(String sql, Object... params) {
        return Sql.column(sql, params);
    }

    static int update(String sql, Object... params) {
        return Sql.update(sql, params);
    }

    static boolean verified(String userId) {
        return "t".equals(column("select is_verified from users where id = ?::uuid", userId));
    }

    static void expireChallenges(String userId) {
        update("update challenges set expires_at = now() - interval '1 second' where user_id = ?::uuid and consumed_at is null", userId);
    }

    static void ageChallenges(String userId) {
        update("update challenges set created_at = now() - interval '1 hour' where user_id = ?::uuid and consumed_at is null", userId);
    }
}
