package io.countersign.config;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.Test;

import io.countersign.testing.Accounts;
import io.countersign.testing.Infra;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.http.ContentType;

/** The feathers-authentication-management option names, set as an operator would, shape the running service. */
@QuarkusTest
@TestProfile(FamOptionsApplyTest.FamOptions.class)
class FamOptionsApplyTest {

    public static class FamOptions implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("fam.resetAttempts", "2", "fam.identifyUserProps", "email", "fam.delay", "3600000");
        }
    }

    @Test
    void attemptsLifetimeAndIdentifyingFieldsFollowTheFamOptions() throws Exception {
        String email = "fam-" + UUID.randomUUID() + "@example.com";
        given().contentType(ContentType.JSON).body(Map.of("email", email, "username", "fam" + System.nanoTime(),
                "password", "violet tractor umbrella 47")).post("/users").then().statusCode(202);
        String id = Accounts.idOf(email);
        try (Connection c = Infra.postgres().connect();
                PreparedStatement ps = c.prepareStatement("select attempts_left, extract(epoch from expires_at - created_at)::int "
                        + "from challenges where user_id = ?::uuid")) {
            ps.setString(1, id);
            try (ResultSet rs = ps.executeQuery()) {
                assertThat(rs.next()).isTrue();
                assertThat(rs.getInt(1)).isEqualTo(2);
                assertThat(rs.getInt(2)).isEqualTo(3600);
            }
        }
        given().contentType(ContentType.JSON).body(Map.of("username", "anyone")).post("/password/forgot")
                .then().statusCode(400).body("code", equalTo("invalid_identity"));
    }

    /** A field outside identifyUserProps is refused by resendVerifySignup as by verifySignupShort: 400 badParams. */
    @Test
    void compatRefusesIdentifyingFieldsOutsideIdentifyUserProps() {
        for (Map<String, Object> body : List.of(
                Map.<String, Object>of("action", "resendVerifySignup", "value", Map.of("username", "anyone")),
                Map.<String, Object>of("action", "resendVerifySignup", "value", Map.of("phone", "+4915112345678")),
                Map.<String, Object>of("action", "verifySignupShort", "value",
                        Map.of("token", "123456", "user", Map.of("username", "anyone"))))) {
            given().contentType(ContentType.JSON).body(body).post("/authManagement")
                    .then().statusCode(400)
                    .body("name", equalTo("BadRequest"))
                    .body("message", equalTo("User info is not valid. (authLocalMgnt)"))
                    .body("errors.'$className'", equalTo("badParams"));
        }
    }
}
