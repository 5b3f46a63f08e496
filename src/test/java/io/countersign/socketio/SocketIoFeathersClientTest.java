package io.countersign.socketio;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.Writer;
import java.net.URL;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.awaitility.Awaitility;
import org.awaitility.core.ConditionTimeoutException;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.countersign.security.RateLimitTest;
import io.countersign.testing.Infra;
import io.countersign.testing.Mailbox;
import io.quarkus.logging.Log;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import jakarta.mail.internet.MimeMessage;

/**
 * The stock Feathers client stack from npm over socket.io (src/test/node/socketio/client-test.js) against the running
 * application: every feathers-authentication-management action, authenticate/reAuthenticate/logout, error shapes equal
 * to REST's, enumeration protection and a rate limit refusal. Runs with {@link RateLimitTest}'s low limits and trusted
 * proxy, so each scenario calls from its own {@code X-Forwarded-For} address; the script asks for the link token and
 * code of each message it waits for, and this test answers them from the real SMTP server.
 */
@QuarkusTest
@TestProfile(RateLimitTest.LowLimits.class)
class SocketIoFeathersClientTest {

    static final Path PROJECT = Path.of("src/test/node/socketio");
    static final List<String> SCENARIOS = List.of("verifySignupLongThenResetPwdLongThenAuthenticate",
            "verifySignupShortThenResetPwdShort", "verifySignupSetPasswordAnswersTheUser", "resendVerifySignupSendsANewLink",
            "unknownAddressesAnswerLikeKnownOnes", "passwordChangeOnTheAuthenticatedConnection",
            "identityChangeConfirmedFromTheNewAddress", "checkUnique", "errorsAreTheRestErrors",
            "authenticateErrorsAreTheRestErrors", "logoutForgetsTheConnectionsToken", "rateLimitRefusal",
            "defaultClientUpgradesToWebsocketAndWebsocketOnlyWorks");
    private static final Pattern LINK = Pattern.compile("(/pages/[a-z/]+)\\?token=([A-Za-z0-9._~%-]+)");
    private static final Pattern CODE = Pattern.compile("[Cc]ode: (\\d{6})");
    private static final Duration DELIVERY = Duration.ofSeconds(20);
    private static final long RUN_SECONDS = 240;

    @TestHTTPResource("/")
    URL base;

    private final ObjectMapper json = new ObjectMapper();

    @Test
    void theStockFeathersClientRunsEveryScenarioOverSocketIo() throws Exception {
        NodeProject.installed(PROJECT);
        ProcessBuilder builder = new ProcessBuilder("node", "client-test.js").directory(PROJECT.toFile()).redirectErrorStream(true);
        builder.environment().put("COUNTERSIGN_URL", base.toString().replaceAll("/$", ""));
        Process node = builder.start();
        List<String> output = new ArrayList<>();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(RUN_SECONDS);
        Thread watchdog = new Thread(() -> {
            try {
                if (!node.waitFor(RUN_SECONDS, TimeUnit.SECONDS)) {
                    node.destroyForcibly();
                }
            } catch (InterruptedException e) {
                node.destroyForcibly();
            }
        });
        watchdog.setDaemon(true);
        watchdog.start();
        try (BufferedReader out = new BufferedReader(new InputStreamReader(node.getInputStream(), StandardCharsets.UTF_8));
                Writer in = node.outputWriter(StandardCharsets.UTF_8)) {
            for (String line = out.readLine(); line != null; line = out.readLine()) {
                if (line.startsWith("@@mail ")) {
                    in.write(json.writeValueAsString(mail(json.readTree(line.substring("@@mail ".length())))) + "\n");
                    in.flush();
                } else if (line.startsWith("@@age ")) {
                    age(json.readTree(line.substring("@@age ".length())).path("to").asText());
                    in.write("{}\n");
                    in.flush();
                } else {
                    Log.infof("[node] %s", line);
                    output.add(line);
                }
            }
        }
        assertThat(System.nanoTime()).as("node finished in time").isLessThan(deadline);
        assertThat(node.waitFor(10, TimeUnit.SECONDS)).isTrue();
        String all = String.join("\n", output);
        assertThat(output).as(all).contains(SCENARIOS.stream().map(s -> "PASS " + s).toArray(String[]::new));
        assertThat(output).as(all).contains(SCENARIOS.size() + " passed, 0 failed");
        assertThat(node.exitValue()).as(all).isZero();
    }

    /** The token and code of the n-th message to the address carrying the link path, once it arrived. */
    private Map<String, String> mail(JsonNode request) {
        String to = request.path("to").asText();
        String link = request.path("link").asText();
        int n = request.path("n").asInt(1);
        try {
            List<String> texts = Awaitility.await().atMost(DELIVERY).pollInterval(Duration.ofMillis(50))
                    .until(() -> texts(to, link), t -> t.size() >= n);
            String text = texts.get(n - 1);
            Matcher token = LINK.matcher(text);
            Matcher code = CODE.matcher(text);
            String found = null;
            while (token.find()) {
                if (token.group(1).equals(link)) {
                    found = URLDecoder.decode(token.group(2), StandardCharsets.UTF_8);
                }
            }
            return Map.of("token", String.valueOf(found), "code", code.find() ? code.group(1) : "");
        } catch (ConditionTimeoutException e) {
            return Map.of("error", "no message " + n + " with " + link + " to " + to + " within " + DELIVERY);
        }
    }

    /** Moves the live verification of the address out of the resend cooldown (as compat/CompatFixtures.age). */
    private static void age(String email) throws SQLException {
        try (Connection c = Infra.postgres().connect(); PreparedStatement s = c.prepareStatement("update challenges set "
                + "created_at = now() - interval '10 minutes' where user_id = (select id from users where email = ?) "
                + "and purpose = 'verify' and consumed_at is null")) {
            s.setString(1, email);
            s.executeUpdate();
        }
    }

    private static List<String> texts(String to, String link) {
        List<String> texts = new ArrayList<>();
        for (MimeMessage message : Mailbox.to(to)) {
            String text = Mailbox.part(message, "text/plain");
            if (text != null && text.contains(link + "?token=")) {
                texts.add(text);
            }
        }
        return texts;
    }
}
