package io.countersign.local;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.not;

import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.Properties;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.icegreen.greenmail.util.GreenMail;

import io.countersign.notifier.NotifierConfig;
import io.countersign.notifier.sms.HttpSmsGateway;
import io.countersign.testing.Infra;
import io.restassured.http.ContentType;
import jakarta.mail.Message;
import jakarta.mail.Session;
import jakarta.mail.Transport;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeBodyPart;
import jakarta.mail.internet.MimeMessage;
import jakarta.mail.internet.MimeMultipart;

/**
 * The local run's mailbox page over a real SMTP server and the notifier's real HTTP SMS gateway: what arrives is
 * listed newest first under a number it keeps, readable and escaped.
 */
class MailboxServerTest {

    private static GreenMail smtp;
    private static MailboxServer mailbox;
    private static String base;

    @BeforeAll
    static void start() throws Exception {
        smtp = Infra.startMail(0);
        mailbox = new MailboxServer(smtp, smtp.getSmtp().getPort(), 0);
        base = "http://127.0.0.1:" + mailbox.port();
    }

    @BeforeEach
    void empty() {
        given().baseUri(base).when().delete("/api/messages").then().statusCode(204);
    }

    @AfterAll
    static void stop() {
        mailbox.close();
        smtp.stop();
    }

    @Test
    void listsMessagesAsJson() throws Exception {
        send("alice@example.com", "Verify <your> address", "Open http://localhost:8080/pages/verify",
                "<p>Hello <b>Alice</b></p><script>alert(1)</script>");
        int id = ids().get(0);
        given().baseUri(base).when().get("/api/messages")
                .then().statusCode(200)
                .body("", hasSize(1))
                .body("[0].channel", equalTo("email"))
                .body("[0].subject", equalTo("Verify <your> address"))
                .body("[0].to", equalTo("alice@example.com"))
                .body("[0].parts", hasSize(2));
        given().baseUri(base).when().get("/api/messages/" + id)
                .then().statusCode(200)
                .body("text", containsString("/pages/verify"))
                .body("html", containsString("<b>Alice</b>"));
    }

    @Test
    void showsMessagesToPeopleEscaped() throws Exception {
        send("alice@example.com", "Verify <your> address", "Open http://localhost:8080/pages/verify",
                "<p>Hello <b>Alice</b></p><script>alert(1)</script>");
        int id = ids().get(0);
        given().baseUri(base).when().get("/")
                .then().statusCode(200)
                .body(containsString("Verify &lt;your&gt; address"))
                .body(not(containsString("<your>")));
        given().baseUri(base).when().get("/messages/" + id)
                .then().statusCode(200)
                .body(containsString("/pages/verify"))
                .body(containsString("<iframe sandbox srcdoc=\""))
                .body(not(containsString("<script>")));
        given().baseUri(base).when().get("/messages/" + (id + 1)).then().statusCode(404);
        given().baseUri(base).when().get("/messages/99999999999").then().statusCode(404);
    }

    /** GreenMail keeps mail per recipient; the mailbox still numbers and lists it by arrival. */
    @Test
    void numbersStayPutAndTheListIsNewestFirst() throws Exception {
        send("zoe@example.com", "first", "1", "<p>1</p>");
        send("adam@example.com", "second", "2", "<p>2</p>");
        int first = idOf("first");
        int second = idOf("second");
        // a second message to the first recipient must not push adam's message to another number
        send("zoe@example.com", "third", "3", "<p>3</p>");
        given().baseUri(base).when().get("/api/messages/" + second).then().statusCode(200).body("subject", equalTo("second"));
        given().baseUri(base).when().get("/messages/" + second).then().statusCode(200).body(containsString("<h1>second</h1>"));
        given().baseUri(base).when().get("/api/messages/" + first).then().statusCode(200).body("subject", equalTo("first"));
        send("abe@example.com", "fourth", "4", "<p>4</p>");

        assertThat(second).isEqualTo(first + 1);
        assertThat(ids()).containsExactly(first + 3, first + 2, first + 1, first);
        given().baseUri(base).when().get("/api/messages")
                .then().body("subject", equalTo(List.of("fourth", "third", "second", "first")));

        // emptying the mailbox does not reuse numbers: an old link never shows a new message
        given().baseUri(base).when().delete("/api/messages").then().statusCode(204);
        send("zoe@example.com", "after purge", "5", "<p>5</p>");
        assertThat(ids()).containsExactly(first + 4);
        given().baseUri(base).when().get("/api/messages/" + first).then().statusCode(404);
    }

    private static int idOf(String subject) {
        return given().baseUri(base).when().get("/api/messages").then().statusCode(200).extract().jsonPath()
                .getInt("find { it.subject == '" + subject + "' }.id");
    }

    /** The notifier's own HTTP gateway (json format) posts to the stub; the SMS shows up next to the mail. */
    @Test
    void smsFromTheNotifiersGatewayAreListedNextToTheMail() throws Exception {
        send("alice@example.com", "an e-mail", "text", "<p>html</p>");
        new HttpSmsGateway(gatewayConfig(base + "/sms"), new ObjectMapper())
                .send("+4915112345678", "Countersign: confirm your account. Code: 123456 <b>")
                .await().atMost(Duration.ofSeconds(10));
        List<Integer> ids = ids();
        assertThat(ids).hasSize(2);

        given().baseUri(base).when().get("/api/messages")
                .then().body("channel", equalTo(List.of("sms", "email")))
                .body("[0].to", equalTo("+4915112345678"))
                .body("[0].from", equalTo("Countersign"));
        given().baseUri(base).when().get("/api/messages/" + ids.get(0))
                .then().statusCode(200).body("text", equalTo("Countersign: confirm your account. Code: 123456 <b>"));
        given().baseUri(base).when().get("/")
                .then().body(containsString("<td>SMS</td>")).body(containsString("Code: 123456 &lt;b&gt;"));
        given().baseUri(base).when().get("/messages/" + ids.get(0))
                .then().statusCode(200).body(containsString("SMS to +4915112345678"))
                .body(containsString("Code: 123456 &lt;b&gt;"));
        given().baseUri(base).when().get("/messages/" + ids.get(0) + "/raw").then().statusCode(404);
    }

    @Test
    void theGatewayStubRefusesWhatIsNotAnSms() {
        given().baseUri(base).contentType(ContentType.JSON).body("{\"to\":\"+4915112345678\"}").post("/sms")
                .then().statusCode(400);
        given().baseUri(base).contentType(ContentType.TEXT).body("to=1&text=2").post("/sms").then().statusCode(400);
        given().baseUri(base).when().get("/api/messages").then().body("", hasSize(0));
    }

    private static List<Integer> ids() {
        return given().baseUri(base).when().get("/api/messages").then().statusCode(200).extract().jsonPath()
                .getList("id", Integer.class);
    }

    private static NotifierConfig.Http gatewayConfig(String url) {
        return new NotifierConfig.Http() {
            public Optional<String> url() {
                return Optional.of(url);
            }

            public String format() {
                return "json";
            }

            public Optional<String> from() {
                return Optional.of("Countersign");
            }

            public Optional<String> username() {
                return Optional.empty();
            }

            public Optional<String> password() {
                return Optional.empty();
            }

            public Optional<String> bearerToken() {
                return Optional.empty();
            }

            public Duration timeout() {
                return Duration.ofSeconds(5);
            }
        };
    }

    private static void send(String to, String subject, String text, String html) throws Exception {
        Properties props = new Properties();
        props.put("mail.smtp.host", "127.0.0.1");
        props.put("mail.smtp.port", String.valueOf(smtp.getSmtp().getPort()));
        MimeMessage message = new MimeMessage(Session.getInstance(props));
        message.setFrom(new InternetAddress("no-reply@countersign.local"));
        message.setRecipient(Message.RecipientType.TO, new InternetAddress(to));
        message.setSubject(subject);
        MimeBodyPart textPart = new MimeBodyPart();
        textPart.setText(text, "UTF-8");
        MimeBodyPart htmlPart = new MimeBodyPart();
        htmlPart.setContent(html, "text/html; charset=UTF-8");
        message.setContent(new MimeMultipart("alternative", textPart, htmlPart));
        Transport.send(message);
        // GreenMail stores the mail before it answers the end of DATA; 2 ms apart, the received dates differ
        Thread.sleep(2);
    }
}
