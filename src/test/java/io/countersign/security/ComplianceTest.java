package io.countersign.security;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.time.Duration;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import org.junit.jupiter.api.Test;

import io.countersign.admin.AdminProfile;
import io.countersign.testing.OffContract;
import io.countersign.config.CountersignConfig;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.restassured.http.ContentType;
import jakarta.inject.Inject;

/**
 * The compliance self-check. The test profile runs bcrypt at cost 4 and rate limits at 100000 on purpose (speed),
 * so the check must report exactly those, at start-up in the log and to administrators over HTTP.
 */
@QuarkusTest
@TestProfile(AdminProfile.class)
class ComplianceTest {

    private static final String PASSWORD = AuditTest.PASSWORD;

    @Inject
    CountersignConfig config;

    @Test
    void theReportNamesExactlyTheSettingsTheTestProfileWeakens() {
        Map<String, Map<String, Object>> checks = adminReport();
        List<String> failed = checks.entrySet().stream().filter(e -> !(Boolean) e.getValue().get("passed"))
                .map(Map.Entry::getKey).sorted().toList();
        assertThat(failed).containsExactly("bcrypt-cost", "code-ip-rate-limit", "code-rate-limit", "login-ip-rate-limit",
                "login-rate-limit");
        assertThat(checks.get("bcrypt-cost")).containsEntry("setting", "countersign.passwords.bcrypt-cost")
                .containsEntry("value", "4").containsEntry("reference", "OWASP Password Storage Cheat Sheet");
        assertThat(checks.get("short-code-entropy")).containsEntry("value", "6 digits = 10^6 codes = 19.93 bits")
                .containsEntry("passed", true);
        assertThat((String) checks.get("short-code-entropy").get("requirement")).startsWith("at least 10^6 possible codes (19.93 bits")
                .doesNotStartWith("short codes of at least 20 bits");
        assertThat(checks.get("login-ip-rate-limit")).containsEntry("setting", "countersign.rate-limits.login.per-ip")
                .containsEntry("value", "100000 per PT15M");
        assertThat(checks.get("sms-lifetime")).containsEntry("value", "PT10M").containsEntry("passed", true);
        assertThat(checks).containsKeys("password-min-length", "password-max-length", "password-strength", "long-token-entropy",
                "code-attempts", "reset-lifetime", "reset-unverified", "hard-lock", "access-token-lifetime", "jwt-key-length",
                "hmac-key-length", "enumeration-protection", "rate-limits", "https-links");
    }

    @Test
    void theReportNeverHoldsASecret() {
        String body = given().auth().oauth2(adminToken()).get("/admin/compliance").then().statusCode(200).extract().asString();
        assertThat(body).doesNotContain(config.login().jwtSecret()).doesNotContain(config.tokens().hmacKey());
        assertThat(body).contains("\"compliant\":false").contains("\"failed\":5");
    }

    @Test
    void theCodeCheckCountsCodesOfTheLengthAndAlphabetReallyIssued() {
        assertThat(Compliance.shortCode(5, true).passed()).isFalse();
        assertThat(Compliance.shortCode(6, true).passed()).isTrue();
        assertThat(Compliance.shortCode(7, true).value()).isEqualTo("7 digits = 10^7 codes = 23.25 bits");
        // 32 characters (A-Z, 2-9 without look-alikes), not 36: four give exactly 20 bits
        assertThat(Compliance.shortCode(4, false).value()).isEqualTo("4 characters = 32^4 codes = 20.00 bits");
        // TokenCodec never issues fewer than four characters, so a shorter setting is judged by what is issued
        assertThat(Compliance.shortCode(3, false).value()).startsWith("4 characters");
    }

    @Test
    void perIpLimitsAndShortWindowsFail() {
        assertThat(Compliance.rateLimit("x", "login.per-ip", "login attempts per client IP", 100_000, Duration.ofMinutes(15),
                "r").passed()).isFalse();
        assertThat(Compliance.rateLimit("x", "login.per-ip", "login attempts per client IP", 50, Duration.ofMinutes(15),
                "r").passed()).isTrue();
        // 100 per second is not "100 per window" in any useful sense
        assertThat(Compliance.rateLimit("x", "code.per-account", "code attempts per account", 100, Duration.ofSeconds(1),
                "r").passed()).isFalse();
    }

    @Test
    void startUpLogsEachFailedCheck() throws Exception {
        String log;
        try (var files = Files.list(Path.of("target"))) {
            // the log may have rolled over into quarkus-test.log.1 and so on
            log = files.filter(f -> f.getFileName().toString().startsWith("quarkus-test.log")).map(ComplianceTest::read)
                    .collect(Collectors.joining("\n"));
        }
        assertThat(log).contains("Compliance: countersign.passwords.bcrypt-cost = 4 falls below the requirement "
                + "'bcrypt cost of at least 10'");
        assertThat(log).doesNotContain(config.login().jwtSecret());
    }

    @Test
    @OffContract("a request without an access token")
    void onlyAdminsReadTheReport() {
        given().get("/admin/compliance").then().statusCode(401).contentType("application/problem+json");
        String email = "compliance-" + System.nanoTime() + "@example.com";
        given().contentType(ContentType.JSON).body(Map.of("email", email, "password", PASSWORD)).post("/users").then().statusCode(202);
        AuditTest.rows("update users set is_verified = true where email = ? returning id", email);
        given().auth().oauth2(login(email)).get("/admin/compliance").then().statusCode(403).contentType("application/problem+json");
    }

    private static String read(Path file) {
        try {
            return Files.readString(file);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private Map<String, Map<String, Object>> adminReport() {
        List<Map<String, Object>> checks = given().auth().oauth2(adminToken()).get("/admin/compliance").then().statusCode(200)
                .extract().jsonPath().getList("checks");
        return checks.stream().collect(Collectors.toMap(c -> (String) c.get("id"), c -> c));
    }

    private static String adminToken() {
        if (AuditTest.count("select count(*) from users where email = ?", AuditTest.ADMIN) == 0) {
            given().contentType(ContentType.JSON).body(Map.of("email", AuditTest.ADMIN, "password", PASSWORD)).post("/users")
                    .then().statusCode(202);
            AuditTest.rows("update users set is_verified = true where email = ? returning id", AuditTest.ADMIN);
        }
        return login(AuditTest.ADMIN);
    }

    private static String login(String email) {
        return given().contentType(ContentType.JSON).body(Map.of("strategy", "local", "email", email, "password", PASSWORD))
                .post("/authentication").then().statusCode(201).extract().path("accessToken");
    }
}
