package io.countersign.delivery;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.awaitility.Awaitility;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import io.countersign.suites.OutageSuite;
import io.countersign.testing.Infra;
import io.countersign.testing.KafkaProbe;
import io.countersign.testing.Sql;
import io.quarkus.logging.Log;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;

/**
 * Issue 16 item 2: with the SMTP server down for five minutes ({@code -Dcountersign.test.outage}) during 500 sign-ups,
 * every confirmation is delivered exactly once after it is back, and none is dead-lettered: the notifier holds the
 * messages (circuit open, consumption paused) instead of spending retries. Before the change, 60 s of outage during 100
 * sign-ups dead-lettered 4.
 */
@Tag(OutageSuite.TAG)
@QuarkusTest
class SmtpOutageTest {

    private static final int SIGN_UPS = 500;
    private static final String PASSWORD = "violet tractor umbrella 47";

    @Test
    void smtpDownDuring500SignUpsDeliversEveryOneOnceAndDeadLettersNone() throws Exception {
        Duration outage = OutageRun.outage();
        String run = "smtp-outage-" + UUID.randomUUID().toString().substring(0, 8) + "-";
        List<String> emails = new ArrayList<>();
        int port = Infra.mail().getSmtp().getPort();
        try (KafkaProbe dlq = new KafkaProbe(Infra.kafka().bootstrapServers(), "countersign.notifications.dlq")) {
            Infra.stopMail();
            long stopped = System.nanoTime();
            try {
                for (int i = 0; i < SIGN_UPS; i++) {
                    String email = run + i + "@example.com";
                    emails.add(email);
                    given().contentType(ContentType.JSON).body(Map.of("email", email, "password", PASSWORD)).post("/users")
                            .then().statusCode(202);
                }
                Log.infof("SmtpOutageTest: %d sign-ups in %d ms with SMTP down", SIGN_UPS, (System.nanoTime() - stopped) / 1_000_000);
                Awaitility.await().atMost(Duration.ofSeconds(60)).until(() -> OutageRun.circuitOpen("smtp") == 1.0);
                long left = outage.toNanos() - (System.nanoTime() - stopped);
                if (left > 0) {
                    Thread.sleep(left / 1_000_000);
                }
                assertEquals(0, dlq.received().size(), "nothing dead-lettered during the outage");
            } finally {
                Infra.restartMail(port);
            }
            long restarted = System.nanoTime();
            Awaitility.await().atMost(Duration.ofMinutes(5)).pollInterval(Duration.ofSeconds(1))
                    .until(() -> delivered(emails) == SIGN_UPS);
            long drained = (System.nanoTime() - restarted) / 1_000_000;
            Thread.sleep(2_000);
            Map<String, Integer> mails = OutageRun.mailsByRecipient();
            long duplicated = emails.stream().mapToInt(e -> mails.getOrDefault(e, 0)).filter(n -> n > 1).count();
            long lost = emails.stream().filter(e -> !mails.containsKey(e)).count();
            int deadLettered = dlq.received().size();
            String sent = Sql.column("select count(*) from messages m join users u on u.id = m.user_id "
                    + "where u.email like ? and m.state = 'sent'", run + "%");
            Log.infof("SmtpOutageTest: SMTP down %d s during %d sign-ups: %d delivered, %d lost, %d duplicated, %d dead-lettered; "
                    + "all delivered %d ms after SMTP was back; %s lifecycle records sent", outage.toSeconds(), SIGN_UPS,
                    SIGN_UPS - lost, lost, duplicated, deadLettered, drained, sent);
            System.out.printf("[outage] SMTP down %d s during %d sign-ups: %d delivered, %d lost, %d duplicated, "
                    + "%d dead-lettered; drained %d ms after restart%n", outage.toSeconds(), SIGN_UPS, SIGN_UPS - lost, lost,
                    duplicated, deadLettered, drained);
            assertEquals(0, lost);
            assertEquals(0, duplicated);
            assertEquals(0, deadLettered);
            assertEquals(String.valueOf(SIGN_UPS), sent);
            assertThat(OutageRun.circuitOpen("smtp")).isEqualTo(0.0);
        }
    }

    private static long delivered(List<String> emails) {
        Map<String, Integer> mails = OutageRun.mailsByRecipient();
        return emails.stream().filter(mails::containsKey).count();
    }
}
