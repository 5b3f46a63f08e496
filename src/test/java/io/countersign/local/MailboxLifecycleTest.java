package io.countersign.local;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.Statement;
import java.util.List;
import java.util.Properties;
import java.util.UUID;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import com.icegreen.greenmail.util.GreenMail;

import io.countersign.testing.Infra;
import jakarta.mail.Message;
import jakarta.mail.MessagingException;
import jakarta.mail.Session;
import jakarta.mail.Transport;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeMessage;

/**
 * The local run's mailbox shows each e-mail's message lifecycle (issue 16: "the README's local run shows the message
 * lifecycle of a sign-up"), found by the Message-ID the notifier sends under, in the tables of migration V600 (created
 * here in a schema of their own).
 */
class MailboxLifecycleTest {

    private static GreenMail smtp;
    private static MailboxServer mailbox;
    private static String base;
    private static Infra.Postgres db;

    @BeforeAll
    static void start() throws Exception {
        Infra.Postgres shared = Infra.postgres();
        String schema = "mailbox_" + UUID.randomUUID().toString().substring(0, 8);
        try (Connection c = shared.connect(); Statement s = c.createStatement()) {
            s.execute("create schema " + schema);
        }
        db = new Infra.Postgres(shared.host(), shared.port(), shared.database() + "?currentSchema=" + schema, shared.user(),
                shared.password(), shared.kind());
        try (Connection c = db.connect(); Statement s = c.createStatement()) {
            s.execute(Files.readString(Path.of("src/main/resources/db/migration/V600__message_lifecycle.sql")));
        }
        smtp = Infra.startMail(0);
        mailbox = new MailboxServer(smtp, smtp.getSmtp().getPort(), 0);
        mailbox.showLifecycle(new MessageHistory(db));
        base = "http://127.0.0.1:" + mailbox.port();
    }

    @AfterAll
    static void stop() {
        mailbox.close();
        smtp.stop();
    }

    @Test
    void anEmailsPageShowsItsLifecycleFromTheDatabase() throws Exception {
        UUID id = UUID.randomUUID();
        try (Connection c = db.connect();
                PreparedStatement m = c.prepareStatement("insert into messages (id, user_id, type, channel, transport, "
                        + "recipient, state, attempts, provider_message_id) values (?, ?, 'resendVerifySignup', 'email', "
                        + "'smtp', 'a***@example.com', 'sent', 2, ?)");
                PreparedStatement h = c.prepareStatement("insert into message_history (message_id, state, attempt, detail) "
                        + "values (?, ?, ?, ?)")) {
            m.setObject(1, id);
            m.setObject(2, UUID.randomUUID());
            m.setString(3, "<" + id + "@countersign>");
            m.executeUpdate();
            Object[][] rows = { { "queued", 0, null }, { "sending", 1, "smtp" }, { "deferred", 1, "SMTP: ConnectException" },
                    { "sending", 2, "smtp" }, { "sent", 2, "smtp <" + id + "@countersign>" } };
            for (Object[] row : rows) {
                h.setObject(1, id);
                h.setString(2, (String) row[0]);
                h.setInt(3, (Integer) row[1]);
                h.setString(4, (String) row[2]);
                h.executeUpdate();
            }
        }
        send("ada@example.com", "<" + id + "@countersign>");
        send("bob@example.com", "<not-ours@example.com>");
        int ours = given().baseUri(base).get("/api/messages").then().extract().jsonPath().getInt("find { it.to == 'ada@example.com' }.id");
        int other = given().baseUri(base).get("/api/messages").then().extract().jsonPath().getInt("find { it.to == 'bob@example.com' }.id");

        given().baseUri(base).get("/api/messages/" + ours + "/lifecycle").then().statusCode(200)
                .body("state", equalTo(List.of("queued", "sending", "deferred", "sending", "sent")))
                .body("[2].detail", equalTo("SMTP: ConnectException"))
                .body("[4].type", equalTo("resendVerifySignup"));
        given().baseUri(base).get("/messages/" + ours).then().statusCode(200)
                .body(containsString("<h2>Message lifecycle</h2>")).body(containsString("<td>deferred</td>"));
        given().baseUri(base).get("/api/messages/" + other + "/lifecycle").then().statusCode(200).body("", hasSize(0));
    }

    /** An e-mail under a Message-ID of our choosing, as the notifier sends them. */
    private static void send(String to, String messageId) throws Exception {
        Properties props = new Properties();
        props.put("mail.smtp.host", "127.0.0.1");
        props.put("mail.smtp.port", String.valueOf(smtp.getSmtp().getPort()));
        MimeMessage message = new MimeMessage(Session.getInstance(props)) {
            @Override
            protected void updateMessageID() throws MessagingException {
                setHeader("Message-ID", messageId);
            }
        };
        message.setFrom(new InternetAddress("no-reply@countersign.local"));
        message.setRecipient(Message.RecipientType.TO, new InternetAddress(to));
        message.setSubject("Confirm your account");
        message.setText("Open the link");
        Transport.send(message);
        Thread.sleep(2);
    }
}
