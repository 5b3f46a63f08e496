package io.countersign.delivery;

import static io.restassured.RestAssured.given;

import java.time.Duration;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;

import io.countersign.testing.Infra;
import io.countersign.testing.TestSwitches;
import io.restassured.RestAssured;
import jakarta.mail.Address;
import jakarta.mail.Message;
import jakarta.mail.MessagingException;
import jakarta.mail.internet.MimeMessage;

/** What the outage tests share: the outage's length, counting mails, reading the lifecycle and the circuit gauge. */
public final class OutageRun {

    private OutageRun() {
    }

    /**
     * {@code -Dcountersign.test.outage=PT30S} for development; the issue asks for five minutes, the default.
     */
    public static Duration outage() {
        return Duration.parse(TestSwitches.get("outage", "PT5M"));
    }

    /** Mails in the SMTP server per recipient (lower case), read in one pass. */
    public static Map<String, Integer> mailsByRecipient() {
        Map<String, Integer> counts = new HashMap<>();
        for (MimeMessage mail : Infra.mail().getReceivedMessages()) {
            try {
                for (Address to : mail.getRecipients(Message.RecipientType.TO)) {
                    counts.merge(to.toString().toLowerCase(Locale.ROOT), 1, Integer::sum);
                }
            } catch (MessagingException e) {
                throw new IllegalStateException(e);
            }
        }
        return counts;
    }

    /** The state of a message in its lifecycle, read through the admin endpoint; null while it has none. */
    public static String state(String admin, String messageId) {
        return given().auth().oauth2(admin).get("/admin/messages/" + messageId).then().extract().jsonPath()
                .getString("message.state");
    }

    /** The value of {@code countersign_notifier_circuit_open{dependency=...}}. */
    public static double circuitOpen(String dependency) {
        return RestAssured.get("/q/metrics").asString().lines()
                .filter(l -> l.startsWith("countersign_notifier_circuit_open{") && l.contains("dependency=\"" + dependency + "\""))
                .mapToDouble(l -> Double.parseDouble(l.substring(l.lastIndexOf(' ') + 1))).findFirst().orElse(-1);
    }
}
