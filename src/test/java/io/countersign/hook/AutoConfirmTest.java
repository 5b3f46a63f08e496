package io.countersign.hook;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;

import java.time.Duration;
import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.Test;

import io.countersign.testing.Mailbox;
import io.countersign.testing.Sql;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.http.ContentType;

/** countersign.hooks.confirmation-method=auto: verified at sign-up, no link or code, the welcome notice still goes out. */
@QuarkusTest
@TestProfile(AutoConfirmTest.Auto.class)
class AutoConfirmTest {

    public static class Auto implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("countersign.hooks.confirmation-method", "auto");
        }
    }

    @Test
    void theAccountIsVerifiedAtSignUpAndWelcomedByMail() {
        String email = "auto-" + UUID.randomUUID().toString().substring(0, 12) + "@example.com";
        given().contentType(ContentType.JSON).body(Map.of("email", email, "password", ConfirmationHookTest.PASSWORD)).post("/users")
                .then().statusCode(202);
        assertThat(Sql.column("select is_verified::text from users where email = ?", email)).isEqualTo("true");
        given().contentType(ContentType.JSON).body(Map.of("strategy", "local", "email", email, "password", ConfirmationHookTest.PASSWORD))
                .post("/authentication").then().statusCode(201).body("user.isVerified", equalTo(true));
        assertThat(Sql.rows("select o.type from outbox o join users u on o.aggregate_id = u.id where u.email = ?", email))
                .containsExactly("countersign.notification.verifySignup.v1");
        assertThat(Sql.column("select count(*) from challenges c join users u on c.user_id = u.id where u.email = ?", email))
                .as("no link or code issued").isEqualTo("0");
        await().atMost(Duration.ofSeconds(30)).until(() -> !Mailbox.to(email).isEmpty());
        String text = Mailbox.part(Mailbox.to(email).get(0), "text/plain");
        assertThat(text).doesNotContain("/pages/verify?token=");
        assertThat(Sql.column("select details->>'method' from audit_log a join users u on a.user_id = u.id "
                + "where u.email = ? and a.type = 'verified'", email)).isEqualTo("auto");
    }
}
