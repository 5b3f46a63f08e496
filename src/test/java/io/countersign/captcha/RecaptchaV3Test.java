package io.countersign.captcha;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;

import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import io.countersign.testing.CaptchaStub;
import io.countersign.testing.CaptchaStubResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.http.ContentType;
import io.restassured.response.Response;

/**
 * reCAPTCHA v3 end to end (the score and the action are judged by the application, the stub answers like Google's
 * site-verify): the API refuses a low score and another action; the pages load the v3 script with the site key, carry
 * the action for pages.js and a hidden g-recaptcha-response field, and their policy names Google's reCAPTCHA origins
 * only; only the resend guard is on, so the forgot page shows no captcha.
 */
@QuarkusTest
@TestProfile(RecaptchaV3Test.Profile.class)
class RecaptchaV3Test {

    private static final CaptchaStub STUB = CaptchaStub.shared(CaptchaProvider.RECAPTCHA_V3);
    private static final Pattern CSRF_FIELD = Pattern.compile("name=\"csrf\" value=\"([^\"]+)\"");

    public static class Profile implements QuarkusTestProfile {

        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("countersign.captcha.guards.sign-up", "false", "countersign.captcha.guards.forgot", "false",
                    "countersign.captcha.min-score", "0.7");
        }

        @Override
        public List<TestResourceEntry> testResources() {
            return List.of(new TestResourceEntry(CaptchaStubResource.class, Map.of("provider", "recaptcha-v3")));
        }
    }

    @AfterEach
    void rightShape() {
        assertThat(STUB.refused()).isEmpty();
    }

    private static Response resend(String captcha) {
        return given().contentType(ContentType.JSON).header("X-Captcha-Response", captcha)
                .body(Map.of("email", "v3-" + UUID.randomUUID() + "@example.com")).post("/verification/resend");
    }

    @Test
    void aLowScoreOrAnotherActionIsRefusedAndUnguardedFlowsDoNotAsk() {
        resend(CaptchaStub.PASS).then().statusCode(202);
        resend(CaptchaStub.LOW_SCORE).then().statusCode(400).body("code", equalTo("captcha_invalid"));
        resend(CaptchaStub.WRONG_ACTION).then().statusCode(400).body("code", equalTo("captcha_invalid"));
        int calls = STUB.requests().size();
        given().contentType(ContentType.JSON).body(Map.of("email", "v3-" + UUID.randomUUID() + "@example.com"))
                .post("/password/forgot").then().statusCode(202);
        assertThat(STUB.requests()).hasSize(calls);
    }

    @Test
    void thePagesAskForAV3TokenAndNameOnlyGoogle() {
        Response page = given().get("/pages/verify/resend");
        String html = page.asString();
        assertThat(html).contains("<script src=\"https://www.google.com/recaptcha/api.js?render=" + CaptchaStub.SITE_KEY
                + "\" async defer></script>")
                .contains("data-captcha-key=\"" + CaptchaStub.SITE_KEY + "\" data-captcha-action=\"countersign\"")
                .contains("<input type=\"hidden\" name=\"g-recaptcha-response\" id=\"captcha-response\" value=\"\">")
                .doesNotContain("g-recaptcha captcha");
        assertThat(page.header("Content-Security-Policy"))
                .contains("script-src 'self' https://www.google.com/recaptcha/ https://www.gstatic.com/recaptcha/;")
                .contains("frame-src https://www.google.com/recaptcha/ https://recaptcha.google.com/recaptcha/;")
                .doesNotContain("cloudflare").doesNotContain("hcaptcha");
        assertThat(given().get("/pages/forgot").asString()).doesNotContain("recaptcha");
        assertThat(given().get("/pages/assets/pages.js").asString()).contains("grecaptcha.execute");

        Matcher m = CSRF_FIELD.matcher(html);
        assertThat(m.find()).isTrue();
        String cookie = page.getCookie("cs_csrf");
        for (String token : List.of(CaptchaStub.LOW_SCORE, CaptchaStub.PASS)) {
            given().contentType(ContentType.URLENC).cookie("cs_csrf", cookie).formParam("csrf", m.group(1))
                    .formParam("identity", "v3-" + UUID.randomUUID() + "@example.com").formParam("g-recaptcha-response", token)
                    .redirects().follow(false).post("/pages/verify/resend").then()
                    .statusCode(token.equals(CaptchaStub.PASS) ? 303 : 400);
        }
    }
}
