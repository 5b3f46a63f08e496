package io.countersign.captcha;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.networknt.schema.SchemaLocation;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SpecificationVersion;

import io.countersign.testing.Accounts;
import io.countersign.testing.CaptchaStub;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.restassured.http.ContentType;
import io.restassured.response.Response;

/**
 * The captcha guards with Turnstile ({@link CaptchaProfile}, the site-verify stub {@link CaptchaStub}): sign-up,
 * forgot and resend on the resource API (header {@code X-Captcha-Response}), sendResetPwd and resendVerifySignup on
 * compat (body {@code captchaResponse}), the hosted forgot and resend forms (the widget's field, the widget and a CSP
 * naming Turnstile only), and the self-service captcha stage; a provider that is down answers 503 with Retry-After on
 * each surface, never a pass.
 */
@QuarkusTest
@TestProfile(CaptchaProfile.class)
class CaptchaGuardTest {

    private static final CaptchaStub STUB = CaptchaStub.shared();
    private static final String HEADER = "X-Captcha-Response";
    private static final String PASSWORD = "violet tractor umbrella 47";
    private static final Pattern CSRF_FIELD = Pattern.compile("name=\"csrf\" value=\"([^\"]+)\"");

    @AfterEach
    void normal() {
        STUB.mode(CaptchaStub.Mode.NORMAL);
        assertThat(STUB.refused()).as("requests of a shape the provider refuses").isEmpty();
    }

    private static String email(String prefix) {
        return prefix + "-" + UUID.randomUUID() + "@example.com";
    }

    private static Response signUp(String email, String captcha) {
        var request = given().contentType(ContentType.JSON).body(Map.of("email", email, "password", PASSWORD));
        return (captcha == null ? request : request.header(HEADER, captcha)).post("/users");
    }

    @Test
    void signUpNeedsASolvedCaptchaAndTheProviderGetsTheDocumentedForm() {
        String missing = email("missing");
        signUp(missing, null).then().statusCode(400).contentType("application/problem+json").body("code", equalTo("captcha_required"));
        String forged = email("forged");
        signUp(forged, "forged-token").then().statusCode(400).body("code", equalTo("captcha_invalid"));
        assertThat(Accounts.exists(missing)).isFalse();
        assertThat(Accounts.exists(forged)).isFalse();

        String solved = email("solved");
        signUp(solved, CaptchaStub.PASS).then().statusCode(202);
        assertThat(Accounts.exists(solved)).isTrue();
        CaptchaStub.Request request = STUB.last();
        assertThat(request.method()).isEqualTo("POST");
        assertThat(request.contentType()).isEqualTo("application/x-www-form-urlencoded");
        assertThat(request.form()).containsExactlyEntriesOf(new LinkedHashMap<>(Map.of("secret", CaptchaStub.SECRET)) {
            {
                put("response", CaptchaStub.PASS);
                put("remoteip", "127.0.0.1");
            }
        });
    }

    @Test
    void forgotAndResendNeedOneToo() {
        String email = email("forgot");
        Map<String, String> body = Map.of("email", email);
        given().contentType(ContentType.JSON).body(body).post("/password/forgot").then().statusCode(400)
                .body("code", equalTo("captcha_required"));
        given().contentType(ContentType.JSON).header(HEADER, CaptchaStub.PASS).body(body).post("/password/forgot").then().statusCode(202);
        given().contentType(ContentType.JSON).header(HEADER, "forged-token").body(body).post("/verification/resend").then()
                .statusCode(400).body("code", equalTo("captcha_invalid"));
        given().contentType(ContentType.JSON).header(HEADER, CaptchaStub.PASS).body(body).post("/verification/resend").then()
                .statusCode(202);
    }

    @Test
    void aProviderThatIsDownAnswers503WithRetryAfterOnEverySurface() {
        STUB.mode(CaptchaStub.Mode.DOWN);
        String email = email("down");
        signUp(email, CaptchaStub.PASS).then().statusCode(503).header("Retry-After", "5").body("code", equalTo("captcha_unavailable"));
        assertThat(Accounts.exists(email)).isFalse();
        given().contentType(ContentType.JSON).header(HEADER, CaptchaStub.PASS).body(Map.of("email", email))
                .post("/password/forgot").then().statusCode(503).header("Retry-After", "5");
        compat("sendResetPwd", email, CaptchaStub.PASS).then().statusCode(503).header("Retry-After", "5")
                .body("name", equalTo("Unavailable"));
        Csrf csrf = csrf("/pages/forgot");
        given().contentType(ContentType.URLENC).cookie("cs_csrf", csrf.cookie()).formParam("csrf", csrf.field())
                .formParam("identity", email).formParam("cf-turnstile-response", CaptchaStub.PASS).redirects().follow(false)
                .post("/pages/forgot").then().statusCode(503).header("Retry-After", "5");
        Response stage = submit(null, Map.of("response", CaptchaStub.PASS));
        stage.then().statusCode(503).header("Retry-After", "5").body("type", equalTo("captcha"))
                .body("code", equalTo("captcha_unavailable"));
        STUB.mode(CaptchaStub.Mode.SLOW);
        signUp(email, CaptchaStub.PASS).then().statusCode(503).body("code", equalTo("captcha_unavailable"));
    }

    private static Response compat(String action, String email, String captcha) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("action", action);
        body.put("value", Map.of("email", email));
        if (captcha != null) {
            body.put("captchaResponse", captcha);
        }
        return given().contentType(ContentType.JSON).body(body).post("/authManagement");
    }

    @Test
    void compatSendResetPwdAndResendVerifySignupNeedOneInTheBody() {
        String email = email("compat");
        compat("sendResetPwd", email, null).then().statusCode(400).body("errors.'$className'", equalTo("captchaRequired"));
        compat("resendVerifySignup", email, "forged-token").then().statusCode(400)
                .body("errors.'$className'", equalTo("captchaInvalid"));
        compat("sendResetPwd", email, CaptchaStub.PASS).then().statusCode(201);
        compat("resendVerifySignup", email, CaptchaStub.PASS).then().statusCode(201);
        // actions that are not guarded do not ask
        int calls = STUB.requests().size();
        given().contentType(ContentType.JSON).body(Map.of("action", "checkUnique", "value", Map.of("email", email)))
                .post("/authManagement").then().statusCode(204);
        assertThat(STUB.requests()).hasSize(calls);
    }

    record Csrf(String cookie, String field) {
    }

    private static Csrf csrf(String path) {
        Response page = given().get(path);
        Matcher m = CSRF_FIELD.matcher(page.asString());
        assertThat(m.find()).isTrue();
        return new Csrf(page.getCookie("cs_csrf"), m.group(1));
    }

    @Test
    void thePagesRenderTheTurnstileWidgetAndTheirPolicyNamesOnlyTurnstile() {
        for (String path : List.of("/pages/forgot", "/pages/verify/resend")) {
            Response page = given().get(path);
            page.then().statusCode(200);
            String html = page.asString();
            assertThat(html).contains("<script src=\"https://challenges.cloudflare.com/turnstile/v0/api.js\" async defer></script>")
                    .contains("<div class=\"cf-turnstile captcha\" data-sitekey=\"" + CaptchaStub.SITE_KEY + "\"></div>")
                    .doesNotContain("hcaptcha").doesNotContain("recaptcha");
            String policy = page.header("Content-Security-Policy");
            assertThat(policy).contains("script-src 'self' https://challenges.cloudflare.com;")
                    .contains("frame-src https://challenges.cloudflare.com;").contains("style-src 'self';")
                    .doesNotContain("google").doesNotContain("gstatic").doesNotContain("hcaptcha").doesNotContain("connect-src");
        }
        // a page without a guarded form shows no widget (the policy is the same for every page)
        assertThat(given().get("/pages/reset/code").asString()).doesNotContain("cf-turnstile");
    }

    @Test
    void thePageFormsNeedTheWidgetsField() {
        String email = email("page");
        for (String path : List.of("/pages/forgot", "/pages/verify/resend")) {
            Csrf csrf = csrf(path);
            Response refused = given().contentType(ContentType.URLENC).cookie("cs_csrf", csrf.cookie()).formParam("csrf", csrf.field())
                    .formParam("identity", email).redirects().follow(false).post(path);
            refused.then().statusCode(400);
            assertThat(refused.asString()).contains("Please confirm that you are a person").contains("cf-turnstile");
            given().contentType(ContentType.URLENC).cookie("cs_csrf", csrf.cookie()).formParam("csrf", csrf.field())
                    .formParam("identity", email).formParam("cf-turnstile-response", "forged-token").redirects().follow(false)
                    .post(path).then().statusCode(400);
            given().contentType(ContentType.URLENC).cookie("cs_csrf", csrf.cookie()).formParam("csrf", csrf.field())
                    .formParam("identity", email).formParam("cf-turnstile-response", CaptchaStub.PASS).redirects().follow(false)
                    .post(path).then().statusCode(303);
        }
    }

    @Test
    void theOpenApiDocumentNamesTheHeaderOnTheGuardedOperations() {
        Response document = given().queryParam("format", "json").get("/q/openapi");
        for (String path : List.of("/users", "/password/forgot", "/verification/resend")) {
            List<String> refs = document.jsonPath().getList("paths.'" + path + "'.post.parameters.'$ref'");
            assertThat(refs).as(path).contains("#/components/parameters/CaptchaResponse");
        }
        assertThat(document.jsonPath().getString("components.parameters.CaptchaResponse.name")).isEqualTo(HEADER);
        assertThat(document.jsonPath().getList("components.schemas.Problem.properties.code.enum"))
                .contains("captcha_required", "captcha_invalid", "captcha_unavailable");
    }

    private static Response submit(String token, Map<String, ?> input) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("input", input);
        if (token != null) {
            body.put("token", token);
        }
        return given().contentType(ContentType.JSON).queryParam("_action", "submitRequirements").body(body)
                .post("/selfservice/" + CaptchaProfile.PROCESS);
    }

    @Test
    void theSelfServiceCaptchaStageDescribesTheWidgetAndDoesNotAdvanceUntilSolved() throws Exception {
        Response first = given().get("/selfservice/" + CaptchaProfile.PROCESS);
        first.then().statusCode(200).body("type", equalTo("captcha"))
                .body("requirements.provider", equalTo("turnstile"))
                .body("requirements.siteKey", equalTo(CaptchaStub.SITE_KEY))
                .body("requirements.script", equalTo("https://challenges.cloudflare.com/turnstile/v0/api.js"))
                .body("requirements.required", equalTo(List.of("response")));
        Map<String, Object> requirements = first.jsonPath().getMap("requirements");
        ObjectMapper json = new ObjectMapper();
        assertThat(SchemaRegistry.withDefaultDialect(SpecificationVersion.DRAFT_2020_12)
                .getSchema(SchemaLocation.of("https://json-schema.org/draft/2020-12/schema"))
                .validate(json.valueToTree(requirements))).isEmpty();

        Response refused = submit(null, Map.of("response", "forged-token"));
        refused.then().statusCode(400).body("type", equalTo("captcha")).body("code", equalTo("captcha_invalid"))
                .body("error.field", equalTo("response"));
        Response missing = submit(refused.jsonPath().getString("token"), Map.of());
        missing.then().statusCode(400).body("type", equalTo("captcha")).body("code", equalTo("invalid_request"));
        Response solved = submit(missing.jsonPath().getString("token"), Map.of("response", CaptchaStub.PASS));
        solved.then().statusCode(200).body("type", equalTo("userQuery"));
        submit(solved.jsonPath().getString("token"), Map.of("email", email("stage"))).then().statusCode(200)
                .body("type", equalTo("emailValidation"));
    }

    @Test
    void theGenericSelfServicePageRendersTheWidgetAndPassesItsFieldAsTheStagesResponse() {
        String path = "/pages/selfservice/" + CaptchaProfile.PROCESS;
        Response page = given().get(path);
        page.then().statusCode(200);
        assertThat(page.asString()).contains("<script src=\"https://challenges.cloudflare.com/turnstile/v0/api.js\" async defer></script>")
                .contains("<div class=\"cf-turnstile captcha\" data-sitekey=\"" + CaptchaStub.SITE_KEY + "\"></div>")
                .doesNotContain("name=\"s.response\"");
        assertThat(page.header("Content-Security-Policy")).contains("script-src 'self' https://challenges.cloudflare.com;")
                .contains("frame-src https://challenges.cloudflare.com;");
        Matcher m = CSRF_FIELD.matcher(page.asString());
        assertThat(m.find()).isTrue();
        Csrf csrf = new Csrf(page.getCookie("cs_csrf"), m.group(1));

        Response unsolved = given().contentType(ContentType.URLENC).cookie("cs_csrf", csrf.cookie()).formParam("csrf", csrf.field())
                .redirects().follow(false).post(path);
        unsolved.then().statusCode(400);
        assertThat(unsolved.asString()).contains("cf-turnstile").doesNotContain("name=\"s.email\"");
        Response forged = given().contentType(ContentType.URLENC).cookie("cs_csrf", csrf.cookie()).formParam("csrf", csrf.field())
                .formParam("cf-turnstile-response", "forged-token").redirects().follow(false).post(path);
        forged.then().statusCode(400);
        assertThat(forged.asString()).contains("Please confirm that you are a person").contains("cf-turnstile");
        Response solved = given().contentType(ContentType.URLENC).cookie("cs_csrf", csrf.cookie()).formParam("csrf", csrf.field())
                .formParam("cf-turnstile-response", CaptchaStub.PASS).redirects().follow(false).post(path);
        solved.then().statusCode(200);
        assertThat(solved.asString()).as("the next stage, userQuery").contains("name=\"s.email\"").doesNotContain("cf-turnstile");
    }
}
