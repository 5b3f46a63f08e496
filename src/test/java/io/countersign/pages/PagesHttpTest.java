package io.countersign.pages;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.startsWith;

import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;

import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.restassured.http.ContentType;
import io.restassured.response.Response;

/** The hosted pages over plain HTTP: CSRF refusal, security headers, language, bad tokens, rate limits. */
@QuarkusTest
@TestProfile(PagesProfile.class)
class PagesHttpTest {

    private static final Pattern CSRF_FIELD = Pattern.compile("name=\"csrf\" value=\"([^\"]+)\"");
    private static final Pattern TOKEN_FIELD = Pattern.compile("name=\"token\" value=\"([^\"]+)\"");

    /** A CSRF cookie secret and the form field that goes with it, as a browser gets them from a page. */
    private record Csrf(String cookie, String field) {
    }

    private static Csrf csrf() {
        Response page = given().get("/pages/forgot");
        page.then().statusCode(200);
        return new Csrf(page.getCookie("cs_csrf"), field(CSRF_FIELD, page.asString()));
    }

    private static String field(Pattern pattern, String html) {
        Matcher m = pattern.matcher(html);
        assertThat(m.find()).as("field in the page").isTrue();
        return m.group(1);
    }

    private static String verifyToken(String email) {
        String link = PageFixtures.link(PageFixtures.awaitMail(email, "/pages/verify", 1), "/pages/verify");
        return PageFixtures.token(link);
    }

    @Test
    void everyPageCarriesAStrictPolicyAndNoInlineCode() {
        for (String path : List.of("/pages/verify/code", "/pages/verify/resend", "/pages/forgot", "/pages/verify/done",
                "/pages/reset/done", "/pages/identity/confirm/done", "/pages/identity/revert/done", "/pages/verify",
                "/pages/reset", "/pages/identity/confirm", "/pages/identity/revert")) {
            Response page = given().get(path);
            assertThat(page.statusCode()).as(path).isIn(200, 400);
            assertThat(page.contentType()).as(path).startsWith("text/html");
            String csp = page.header("Content-Security-Policy");
            assertThat(csp).as(path).contains("default-src 'none'", "script-src 'self'", "style-src 'self'", "img-src 'self'",
                    "form-action 'self'", "frame-ancestors 'none'", "base-uri 'none'").doesNotContain("unsafe");
            assertThat(page.header("Referrer-Policy")).as(path).isEqualTo("no-referrer");
            assertThat(page.header("Cache-Control")).as(path).contains("no-store");
            assertThat(page.header("X-Content-Type-Options")).isEqualTo("nosniff");
            String html = page.asString();
            assertThat(html).as(path).doesNotContain("style=\"", "<style", "onclick", "javascript:")
                    .contains("<link rel=\"stylesheet\" href=\"/pages/assets/style.css\">");
            assertThat(Pattern.compile("<script(?![^>]*\\ssrc=)").matcher(html).find()).as(path + ": no inline script").isFalse();
            assertThat(html).as(path).doesNotContain("{").doesNotContain("}");
        }
        given().get("/pages/assets/style.css").then().statusCode(200).contentType(startsWith("text/css"))
                .body(containsString("--accent: #1f4fd1;"));
        given().get("/pages/assets/pages.js").then().statusCode(200).contentType(startsWith("text/javascript"));
    }

    @Test
    void theLinkTokenLeavesTheAddressForAnHttpOnlyCookie() {
        String email = PageFixtures.uniqueEmail("cookie");
        String id = PageFixtures.signUp(email, "en");
        String token = verifyToken(email);

        Response opened = given().redirects().follow(false).queryParam("token", token).get("/pages/verify");
        opened.then().statusCode(303).header("Location", not(containsString("token")))
                .header("Location", containsString("/pages/verify")).header("Referrer-Policy", "no-referrer")
                .header("Content-Security-Policy", containsString("default-src 'none'"));
        String setCookie = opened.getHeaders().getValues("Set-Cookie").stream().filter(c -> c.startsWith("cs_link=")).findFirst()
                .orElseThrow();
        assertThat(setCookie).contains("HttpOnly", "SameSite=Lax", "Path=/pages/verify", "Max-Age=900");

        String page = given().cookie("cs_link", opened.getCookie("cs_link")).get("/pages/verify").then().statusCode(200)
                .extract().asString();
        assertThat(field(TOKEN_FIELD, page)).isEqualTo(token);
        assertThat(PageFixtures.verified(id)).as("opening the page spends nothing").isFalse();
    }

    @Test
    void aFormWithoutTheRightCsrfFieldIsRefusedAndChangesNothing() {
        String email = PageFixtures.uniqueEmail("csrf");
        String id = PageFixtures.signUp(email, "en");
        String token = verifyToken(email);
        Csrf good = csrf();
        Csrf other = csrf();

        // no field, no cookie
        given().contentType(ContentType.URLENC).formParam("token", token).redirects().follow(false).post("/pages/verify")
                .then().statusCode(403).contentType(startsWith("text/html")).body(containsString("This form has expired"));
        // the right field without its cookie
        given().contentType(ContentType.URLENC).formParam("token", token).formParam("csrf", good.field()).redirects().follow(false)
                .post("/pages/verify").then().statusCode(403);
        // a cookie with a wrong field, and with the field of another cookie
        given().contentType(ContentType.URLENC).cookie("cs_csrf", good.cookie()).formParam("token", token)
                .formParam("csrf", "forged").redirects().follow(false).post("/pages/verify").then().statusCode(403);
        given().contentType(ContentType.URLENC).cookie("cs_csrf", good.cookie()).formParam("token", token)
                .formParam("csrf", other.field()).redirects().follow(false).post("/pages/verify").then().statusCode(403);
        // the cookie's own value as the field (a naive double submit) is not the MAC
        given().contentType(ContentType.URLENC).cookie("cs_csrf", good.cookie()).formParam("token", token)
                .formParam("csrf", good.cookie()).redirects().follow(false).post("/pages/verify").then().statusCode(403);
        assertThat(PageFixtures.verified(id)).isFalse();

        // the forgot form likewise: refused, no reset issued
        given().contentType(ContentType.URLENC).formParam("identity", email).redirects().follow(false).post("/pages/forgot")
                .then().statusCode(403);
        assertThat(PageFixtures.column("select count(*) from challenges where user_id = ?::uuid and purpose = 'reset'", id))
                .isEqualTo("0");

        // the pair that belongs together works, and the token was still unspent
        given().contentType(ContentType.URLENC).cookie("cs_csrf", good.cookie()).formParam("token", token)
                .formParam("csrf", good.field()).redirects().follow(false).post("/pages/verify").then().statusCode(303)
                .header("Location", containsString("/pages/verify/done"));
        assertThat(PageFixtures.verified(id)).isTrue();
    }

    /**
     * The verify page offers an optional password field: typed again, the sign-up password is kept (the one who
     * proved the address chose it); left empty, the account is verified and the sign-up password discarded.
     */
    @Test
    void theVerifyPageKeepsTheSignUpPasswordOnlyWhenItIsTypedAgain() {
        String kept = PageFixtures.uniqueEmail("keep");
        String keptId = PageFixtures.signUp(kept, "en");
        String keptToken = verifyToken(kept);
        Csrf csrf = csrf();
        given().cookie(PageRequest.LINK_COOKIE, keptToken).get("/pages/verify").then().statusCode(200)
                .body(containsString("name=\"password\"")).body(containsString("autocomplete=\"current-password\""));
        given().contentType(ContentType.URLENC).cookie("cs_csrf", csrf.cookie()).formParam("token", keptToken)
                .formParam("csrf", csrf.field()).formParam("password", PageFixtures.PASSWORD).redirects().follow(false)
                .post("/pages/verify").then().statusCode(303).header("Location", containsString("/pages/verify/done"));
        assertThat(PageFixtures.verified(keptId)).isTrue();
        assertThat(PageFixtures.login(kept, PageFixtures.PASSWORD)).isEqualTo(201);

        String dropped = PageFixtures.uniqueEmail("drop");
        String droppedId = PageFixtures.signUp(dropped, "en");
        given().contentType(ContentType.URLENC).cookie("cs_csrf", csrf.cookie()).formParam("token", verifyToken(dropped))
                .formParam("csrf", csrf.field()).formParam("password", "").redirects().follow(false)
                .post("/pages/verify").then().statusCode(303).header("Location", containsString("/pages/verify/done"));
        assertThat(PageFixtures.verified(droppedId)).isTrue();
        assertThat(PageFixtures.login(dropped, PageFixtures.PASSWORD)).isEqualTo(401);
    }

    /** Issue 14 item 5: the verify page confirmed an invitation with no password, leaving it without one. */
    @Test
    void anInvitationChoosesItsPasswordOnTheVerifyPage() {
        String email = PageFixtures.uniqueEmail("invite");
        given().contentType(ContentType.JSON).body(java.util.Map.of("email", email)).post("/users").then().statusCode(202);
        String id = io.countersign.testing.Accounts.idOf(email);
        String token = verifyToken(email);
        Csrf csrf = csrf();
        // the plain button: not verified; the page asks for the password, the token still in the form
        String page = given().contentType(ContentType.URLENC).cookie("cs_csrf", csrf.cookie()).formParam("token", token)
                .formParam("csrf", csrf.field()).redirects().follow(false).post("/pages/verify").then().statusCode(200)
                .body(containsString("Choose your password")).body(containsString("autocomplete=\"new-password\""))
                .extract().asString();
        assertThat(field(TOKEN_FIELD, page)).isEqualTo(token);
        assertThat(PageFixtures.verified(id)).isFalse();
        // a mismatch and a weak password are asked again
        given().contentType(ContentType.URLENC).cookie("cs_csrf", csrf.cookie()).formParam("token", token)
                .formParam("csrf", csrf.field()).formParam("password", PageFixtures.PASSWORD).formParam("confirm", "other")
                .redirects().follow(false).post("/pages/verify").then().statusCode(400).body(containsString("Choose your password"));
        given().contentType(ContentType.URLENC).cookie("cs_csrf", csrf.cookie()).formParam("token", token)
                .formParam("csrf", csrf.field()).formParam("password", "short").formParam("confirm", "short")
                .redirects().follow(false).post("/pages/verify").then().statusCode(400).body(containsString("Choose your password"));
        assertThat(PageFixtures.verified(id)).isFalse();
        given().contentType(ContentType.URLENC).cookie("cs_csrf", csrf.cookie()).formParam("token", token)
                .formParam("csrf", csrf.field()).formParam("password", PageFixtures.PASSWORD).formParam("confirm", PageFixtures.PASSWORD)
                .redirects().follow(false).post("/pages/verify").then().statusCode(303)
                .header("Location", containsString("/pages/verify/done"));
        assertThat(PageFixtures.verified(id)).isTrue();
        assertThat(PageFixtures.login(email, PageFixtures.PASSWORD)).isEqualTo(201);
    }

    @Test
    void germanByAcceptLanguageOrByChoice() {
        given().header("Accept-Language", "de-DE,de;q=0.9,en;q=0.5").get("/pages/forgot").then().statusCode(200)
                .header("Content-Language", "de").body(containsString("<html lang=\"de\">"))
                .body(containsString("Passwort zurücksetzen"));
        given().header("Accept-Language", "it-IT,it;q=0.9").get("/pages/forgot").then().statusCode(200)
                .body(containsString("<html lang=\"en\">")).body(containsString("Reset your password"));
        given().header("Accept-Language", "fr-FR,fr;q=0.9").get("/pages/forgot").then().statusCode(200)
                .header("Content-Language", "fr").body(containsString("<html lang=\"fr\">"))
                .body(containsString("Réinitialiser votre mot de passe"));
        given().queryParam("lang", "es").get("/pages/forgot").then().statusCode(200)
                .header("Content-Language", "es").body(containsString("Restablecer su contraseña"));
        Response chosen = given().header("Accept-Language", "en").queryParam("lang", "de").get("/pages/verify/code");
        chosen.then().statusCode(200).body(containsString("Code eingeben"));
        assertThat(chosen.getCookie("cs_lang")).isEqualTo("de");
        given().header("Accept-Language", "en").cookie("cs_lang", "de").get("/pages/verify/resend").then()
                .body(containsString("<html lang=\"de\">"));
        given().header("Accept-Language", "de").get("/pages/verify").then().statusCode(400)
                .body(containsString("Dieser Link ist ungültig"));
    }

    @Test
    void badOrMissingTokensGetAFriendlyPageNeverA500() {
        Csrf csrf = csrf();
        // no token anywhere, a damaged one in the cookie
        for (String path : List.of("/pages/verify", "/pages/reset", "/pages/identity/confirm", "/pages/identity/revert")) {
            given().get(path).then().statusCode(400).contentType(startsWith("text/html"))
                    .body(containsString("This link is not valid"));
            given().cookie("cs_link", "not a token").get(path).then().statusCode(400).body(containsString("This link is not valid"));
        }
        // a damaged token in the link is answered at once, and never reaches a header
        for (String damaged : List.of("garbage", "a.b\r\nSet-Cookie: planted=1", "x".repeat(1000), "")) {
            Response page = given().redirects().follow(false).queryParam("token", damaged).get("/pages/reset");
            page.then().statusCode(400).contentType(startsWith("text/html")).body(containsString("This link is not valid"));
            assertThat(page.getCookie("planted")).isNull();
        }
        // an Accept-Language header that does not parse counts as none
        given().header("Accept-Language", ";;q=x,,=").get("/pages/forgot").then().statusCode(200)
                .body(containsString("<html lang=\"en\">"));
        String unknown = "AAAAAAAAAAAAAAAA.BBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBB";
        String[][] cases = { { "/pages/verify", "garbage", "This link is not valid" },
                { "/pages/verify", unknown, "This link can no longer be used" },
                { "/pages/verify", "x".repeat(1000), "This link is not valid" },
                { "/pages/verify", "", "This link is not valid" },
                { "/pages/reset", unknown, "This link can no longer be used" },
                { "/pages/identity/confirm", unknown, "This link can no longer be used" },
                { "/pages/identity/revert", unknown, "This link can no longer be used" },
                { "/pages/identity/revert", "garbage", "This link is not valid" } };
        for (String[] c : cases) {
            given().contentType(ContentType.URLENC).cookie("cs_csrf", csrf.cookie()).formParam("csrf", csrf.field())
                    .formParam("token", c[1]).formParam("password", "quartz lantern meadow 31")
                    .formParam("confirm", "quartz lantern meadow 31").redirects().follow(false).post(c[0]).then()
                    .statusCode(400).contentType(startsWith("text/html")).body(containsString(c[2]));
        }
        // a form field over Quarkus' form attribute limit (2 KB) is refused before the page: 413, still no 500
        given().contentType(ContentType.URLENC).cookie("cs_csrf", csrf.cookie()).formParam("csrf", csrf.field())
                .formParam("token", "x".repeat(5000)).redirects().follow(false).post("/pages/verify").then().statusCode(413);
        // no token field at all
        given().contentType(ContentType.URLENC).cookie("cs_csrf", csrf.cookie()).formParam("csrf", csrf.field())
                .redirects().follow(false).post("/pages/identity/confirm").then().statusCode(400)
                .body(containsString("This link is not valid"));
        // malformed addresses and codes stay on the form with a message
        given().contentType(ContentType.URLENC).cookie("cs_csrf", csrf.cookie()).formParam("csrf", csrf.field())
                .formParam("identity", "not an address").formParam("code", "12").post("/pages/verify/code").then()
                .statusCode(400).body(containsString("There is a problem")).body(containsString("value=\"not an address\""));
        given().contentType(ContentType.URLENC).cookie("cs_csrf", csrf.cookie()).formParam("csrf", csrf.field())
                .post("/pages/forgot").then().statusCode(400).body(containsString("Enter an email address or a phone number"));
    }

    @Test
    void codeEntryOnThePagesSharesTheApiRateLimit() {
        Csrf csrf = csrf();
        String email = PageFixtures.uniqueEmail("limited");
        for (int i = 1; i <= PagesProfile.CODE_LIMIT_PER_ACCOUNT; i++) {
            given().contentType(ContentType.URLENC).cookie("cs_csrf", csrf.cookie()).formParam("csrf", csrf.field())
                    .formParam("identity", email).formParam("code", "123456").post("/pages/verify/code").then()
                    .statusCode(400);
        }
        // the API's code check counts against the same per-account counter
        given().contentType(ContentType.JSON).body(java.util.Map.of("email", email, "code", "123456"))
                .post("/verification/confirm").then().statusCode(429);
        given().contentType(ContentType.URLENC).cookie("cs_csrf", csrf.cookie()).formParam("csrf", csrf.field())
                .formParam("identity", email).formParam("code", "123456").post("/pages/verify/code").then()
                .statusCode(429).header("Retry-After", not(equalTo(null))).contentType(startsWith("text/html"))
                .body(containsString("Too many attempts"));
    }
}
