package io.countersign.api;

import static io.countersign.api.Fixtures.PASSWORD;
import static io.countersign.api.Fixtures.uniqueEmail;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import io.countersign.event.NotificationType;
import io.countersign.event.SecretBox;
import io.countersign.event.SecretPayload;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import jakarta.inject.Inject;

/**
 * Runs the flows that handle secrets, with the application logging at DEBUG into a file, then reads the whole file:
 * no password, link token or verifier may appear in it.
 */
@QuarkusTest
class SecretsNeverLoggedTest {

    @Inject
    SecretBox box;

    @Test
    void noTokenVerifierOrPasswordReachesTheLog() throws Exception {
        Fixtures fx = new Fixtures(box);
        String newPassword = "log-probe new passphrase " + System.nanoTime();
        String email = uniqueEmail("logprobe");
        String id = Fixtures.signUp(email);
        List<String> secrets = new ArrayList<>(List.of(PASSWORD, newPassword));

        SecretPayload verify = fx.latestSecret(id, NotificationType.RESEND_VERIFY_SIGNUP);
        secrets.add(verify.token());
        given().contentType(ContentType.JSON).body(Map.of("token", verify.token() + "x")).post("/verification/confirm");
        given().contentType(ContentType.JSON).body(Map.of("token", verify.token())).post("/verification/confirm")
                .then().statusCode(200);
        given().contentType(ContentType.JSON).body(Map.of("strategy", "local", "email", email, "password", "wrong " + PASSWORD))
                .post("/authentication").then().statusCode(401);
        given().contentType(ContentType.JSON).body(Map.of("email", email)).post("/password/forgot").then().statusCode(202);
        SecretPayload reset = fx.latestSecret(id, NotificationType.SEND_RESET_PWD);
        secrets.add(reset.token());
        given().contentType(ContentType.JSON).body(Map.of("token", reset.token(), "password", newPassword))
                .post("/password/reset").then().statusCode(200);
        String accessToken = Fixtures.login(email, newPassword);
        secrets.add(accessToken);
        given().contentType(ContentType.JSON).body(Map.of("action", "resetPwdLong", "value", Map.of("token", reset.token(), "password", newPassword)))
                .post("/authManagement").then().statusCode(400);

        Path log = Path.of("target/quarkus-test.log");
        assertThat(log).exists();
        String content = Files.readString(log);
        // the refusals above are logged at DEBUG: the file really holds the application's log of these requests
        assertThat(content).contains("400 token_incorrect");
        for (String secret : secrets) {
            assertThat(content).doesNotContain(secret);
            if (secret.contains(".")) {
                assertThat(content).doesNotContain(secret.substring(secret.indexOf('.') + 1));
            }
        }
    }
}
