package io.countersign.local;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.not;

import java.util.Properties;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import com.icegreen.greenmail.util.GreenMail;

import io.countersign.testing.Infra;
import jakarta.mail.Message;
import jakarta.mail.Session;
import jakarta.mail.Transport;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeBodyPart;
import jakarta.mail.internet.MimeMessage;
import jakarta.mail.internet.MimeMultipart;

/** The local run's mailbox page over a real SMTP server: what arrives is listed, readable and escaped. */
class MailboxServerTest {

    private static GreenMail smtp;
    private static MailboxServer mailbox;
    private static String base;

    @BeforeAll
    static void start() throws Exception {
        smtp = Infra.startMail(0);
        mailbox = new MailboxServer(smtp, smtp.getSmtp().getPort(), 0);
        base = "http://127.0.0.1:" + mailbox.port();
        send("Verify <your> address", "Open http://localhost:8080/pages/verify",
                "<p>Hello <b>Alice</b></p><script>alert(1)</script>");
    }

    @AfterAll
    static void stop() {
        mailbox.close();
        smtp.stop();
    }

    @Test
    void listsMessagesAsJson() {
        given().baseUri(base).when().get("/api/messages")
                .then().statusCode(200)
                .body("", hasSize(1))
                .body("[0].subject", equalTo("Verify <your> address"))
                .body("[0].to", equalTo("alice@example.com"))
                .body("[0].parts", hasSize(2));
        given().baseUri(base).when().get("/api/messages/1")
                .then().statusCode(200)
                .body("text", containsString("/pages/verify"))
                .body("html", containsString("<b>Alice</b>"));
    }

    @Test
    void showsMessagesToPeopleEscaped() {
        given().baseUri(base).when().get("/")
                .then().statusCode(200)
                .body(containsString("Verify &lt;your&gt; address"))
                .body(not(containsString("<your>")));
        given().baseUri(base).when().get("/messages/1")
                .then().statusCode(200)
                .body(containsString("/pages/verify"))
                .body(containsString("<iframe sandbox srcdoc=\""))
                .body(not(containsString("<script>")));
        given().baseUri(base).when().get("/messages/99").then().statusCode(404);
    }

    private static void send(String subject, String text, String html) throws Exception {
        Properties props = new Properties();
        props.put("mail.smtp.host", "127.0.0.1");
        props.put("mail.smtp.port", String.valueOf(smtp.getSmtp().getPort()));
        MimeMessage message = new MimeMessage(Session.getInstance(props));
        message.setFrom(new InternetAddress("no-reply@countersign.local"));
        message.setRecipient(Message.RecipientType.TO, new InternetAddress("alice@example.com"));
        message.setSubject(subject);
        MimeBodyPart textPart = new MimeBodyPart();
        textPart.setText(text, "UTF-8");
        MimeBodyPart htmlPart = new MimeBodyPart();
        htmlPart.setContent(html, "text/html; charset=UTF-8");
        message.setContent(new MimeMultipart("alternative", textPart, htmlPart));
        Transport.send(message);
    }
}
