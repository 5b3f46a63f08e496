package io.countersign.pages;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.Keys;
import org.openqa.selenium.WebElement;

import io.quarkus.logging.Log;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;

/**
 * The journeys through the hosted pages in a real Chromium, each starting from a real message in the SMTP
 * server; every page is saved as a screenshot under {@code target/screenshots/}.
 */
@QuarkusTest
@TestProfile(PagesProfile.class)
class PagesBrowserTest {

    private static Browser browser;

    @BeforeAll
    static void start() throws java.io.IOException {
        // screenshots of this run only
        if (java.nio.file.Files.isDirectory(Browser.SCREENSHOTS)) {
            try (var old = java.nio.file.Files.list(Browser.SCREENSHOTS)) {
                for (var file : old.filter(f -> f.toString().endsWith(".png")).toList()) {
                    java.nio.file.Files.delete(file);
                }
            }
        }
        long started = System.nanoTime();
        browser = new Browser(true, "en-US,en");
        Log.infof("Chromium started in %d ms", (System.nanoTime() - started) / 1_000_000);
    }

    @AfterAll
    static void stop() {
        if (browser != null) {
            browser.close();
        }
    }

    @BeforeEach
    void freshSession() {
        browser.open(PagesProfile.BASE_URL + "/pages/assets/style.css");
        browser.driver.manage().deleteAllCookies();
        browser.size(1024, 900);
    }

    @Test
    void signUpLinkOpensAConfirmPageAndTheButtonVerifies() {
        // JavaScript off: the pages must work without it
        try (Browser noScript = new Browser(false, "en-US,en")) {
            String email = PageFixtures.uniqueEmail("verify");
            String id = PageFixtures.signUp(email, "en");
            String link = PageFixtures.link(PageFixtures.awaitMail(email, "/pages/verify", 1), "/pages/verify");

            noScript.open(link);
            assertThat(noScript.url()).isEqualTo(PagesProfile.BASE_URL + "/pages/verify").doesNotContain("token");
            assertThat(noScript.heading()).isEqualTo("Confirm your account");
            assertThat(PageFixtures.verified(id)).as("opening the link spends nothing").isFalse();
            noScript.screenshot("01-verify-confirm");

            noScript.submitWith(noScript.find("button[type=submit]"));
            assertThat(noScript.url()).isEqualTo(PagesProfile.BASE_URL + "/pages/verify/done");
            assertThat(noScript.heading()).isEqualTo("Your account is confirmed");
            assertThat(PageFixtures.verified(id)).isTrue();
            noScript.screenshot("02-verify-done");

            // the same link again: spent, and says so with an offer of a new one
            noScript.open(link);
            noScript.submitWith(noScript.find("button[type=submit]"));
            assertThat(noScript.heading()).isEqualTo("This link can no longer be used");
            assertThat(noScript.find("form[action='/pages/verify/resend'] button").getText()).isEqualTo("Send me a new link");
            noScript.screenshot("03-verify-used");
        }
    }

    @Test
    void forgotPasswordLinkSetsANewPasswordThatLoginAccepts() {
        String email = PageFixtures.uniqueEmail("reset");
        PageFixtures.verifiedUser(email);
        String newPassword = "quartz lantern meadow 31";

        browser.open(PagesProfile.BASE_URL + "/pages/forgot");
        assertThat(browser.heading()).isEqualTo("Reset your password");
        browser.screenshot("10-forgot-form");
        browser.find("#identity").sendKeys(email);
        browser.submitWith(browser.find("button[type=submit]"));
        assertThat(browser.url()).endsWith("/pages/forgot/sent");
        assertThat(browser.heading()).isEqualTo("Check your messages");
        browser.screenshot("11-forgot-sent");

        String link = PageFixtures.link(PageFixtures.awaitMail(email, "/pages/reset", 1), "/pages/reset");
        browser.open(link);
        assertThat(browser.url()).isEqualTo(PagesProfile.BASE_URL + "/pages/reset");
        assertThat(browser.heading()).isEqualTo("Choose a new password");
        assertThat(browser.find("#policy").getText()).contains("at least 8 and at most 128 characters");
        assertThat(browser.find("label[for=password]").getText()).isEqualTo("New password");
        assertThat(browser.find("label[for=confirm]").getText()).isEqualTo("Repeat the new password");
        browser.find("#password").sendKeys("short1");
        assertThat(browser.find("#strength").getText()).as("live strength hint").isEqualTo("Strength: weak");
        browser.find("#password").sendKeys(" and much longer now");
        assertThat(browser.find("#strength").getText()).isEqualTo("Strength: strong");
        browser.screenshot("12-reset-form");

        // the two fields differ: asked again, nothing spent
        browser.find("#confirm").sendKeys("something else entirely");
        browser.submitWith(browser.find("button[type=submit]"));
        assertThat(browser.find("#error").getText()).contains("The two passwords do not match.");
        assertThat(browser.driver.switchTo().activeElement().getAttribute("id")).as("focus moves to the error").isEqualTo("error");
        browser.screenshot("13-reset-mismatch");

        // the policy refuses a common password: the page says which rule
        browser.find("#password").sendKeys("password123");
        browser.find("#confirm").sendKeys("password123");
        browser.submitWith(browser.find("button[type=submit]"));
        assertThat(browser.find("#error").getText()).contains("not on a list of commonly used passwords");
        browser.screenshot("14-reset-policy");

        // the strength estimate refuses a guessable one, and the page names that rule too
        assertThat(browser.find("#policy").getText()).contains("hard to guess");
        browser.find("#password").sendKeys("Summer2024!");
        browser.find("#confirm").sendKeys("Summer2024!");
        browser.submitWith(browser.find("button[type=submit]"));
        assertThat(browser.find("#error").getText()).contains("hard to guess");
        browser.screenshot("14b-reset-strength");

        // keyboard only: Tab from the error to the fields, Enter submits
        WebElement html = browser.find("html");
        WebElement focused = browser.driver.switchTo().activeElement();
        assertThat(focused.getAttribute("id")).isEqualTo("error");
        focused.sendKeys(Keys.TAB);
        assertThat(browser.driver.switchTo().activeElement().getAttribute("id")).isEqualTo("password");
        browser.driver.switchTo().activeElement().sendKeys(newPassword, Keys.TAB);
        assertThat(browser.driver.switchTo().activeElement().getAttribute("id")).isEqualTo("confirm");
        browser.driver.switchTo().activeElement().sendKeys(newPassword, Keys.TAB);
        assertThat(browser.driver.switchTo().activeElement().getTagName()).isEqualTo("button");
        browser.driver.switchTo().activeElement().sendKeys(Keys.ENTER);
        browser.awaitNewPage(html);
        assertThat(browser.url()).endsWith("/pages/reset/done");
        assertThat(browser.heading()).isEqualTo("Your password has been changed");
        browser.screenshot("15-reset-done");

        assertThat(PageFixtures.login(email, newPassword)).isEqualTo(201);
        assertThat(PageFixtures.login(email, PageFixtures.PASSWORD)).isEqualTo(401);
    }

    @Test
    void codeFromTheMessageVerifiesOnTheCodePage() {
        String email = PageFixtures.uniqueEmail("code");
        String id = PageFixtures.signUp(email, "en");
        String code = PageFixtures.code(PageFixtures.awaitMail(email, "/pages/verify", 1));

        browser.open(PagesProfile.BASE_URL + "/pages/verify/code");
        assertThat(browser.heading()).isEqualTo("Enter your code");
        browser.screenshot("20-code-form");
        String wrong = code.equals("000000") ? "111111" : "000000";
        browser.find("#identity").sendKeys(email);
        browser.find("#code").sendKeys(wrong);
        browser.submitWith(browser.find("button[type=submit]"));
        assertThat(browser.find("#error").getText()).contains("The code is not correct.");
        assertThat(browser.find("#identity").getAttribute("value")).as("the address is kept").isEqualTo(email);
        assertThat(PageFixtures.verified(id)).isFalse();
        browser.screenshot("21-code-incorrect");

        browser.find("#code").sendKeys(code);
        browser.submitWith(browser.find("button[type=submit]"));
        assertThat(browser.url()).endsWith("/pages/verify/done");
        assertThat(PageFixtures.verified(id)).isTrue();
    }

    @Test
    void emailChangeIsConfirmedFromTheNewAddressAndRevertedFromTheOldOne() {
        String oldEmail = PageFixtures.uniqueEmail("old");
        String newEmail = PageFixtures.uniqueEmail("new");
        String id = PageFixtures.verifiedUser(oldEmail);
        String access = PageFixtures.accessToken(oldEmail, PageFixtures.PASSWORD);
        io.restassured.RestAssured.given().auth().oauth2(access).contentType(io.restassured.http.ContentType.JSON)
                .body(java.util.Map.of("password", PageFixtures.PASSWORD, "email", newEmail))
                .post("/identity/change").then().statusCode(202);

        String confirm = PageFixtures.link(PageFixtures.awaitMail(newEmail, "/pages/identity/confirm", 1), "/pages/identity/confirm");
        browser.open(confirm);
        assertThat(browser.url()).isEqualTo(PagesProfile.BASE_URL + "/pages/identity/confirm");
        assertThat(browser.heading()).isEqualTo("Confirm your new address");
        browser.screenshot("30-identity-confirm");
        browser.submitWith(browser.find("button[type=submit]"));
        assertThat(browser.heading()).isEqualTo("Your address has been changed");
        assertThat(PageFixtures.column("select email from users where id = ?::uuid", id)).isEqualTo(newEmail);
        browser.screenshot("31-identity-confirmed");

        String revert = PageFixtures.link(PageFixtures.awaitMail(oldEmail, "/pages/identity/revert", 1), "/pages/identity/revert");
        browser.open(revert);
        assertThat(browser.url()).isEqualTo(PagesProfile.BASE_URL + "/pages/identity/revert");
        assertThat(browser.heading()).isEqualTo("Undo the change of your address");
        browser.screenshot("32-identity-revert");
        browser.submitWith(browser.find("button[type=submit]"));
        assertThat(browser.heading()).isEqualTo("The change has been undone");
        browser.screenshot("33-identity-reverted");
        assertThat(PageFixtures.column("select email from users where id = ?::uuid", id)).isEqualTo(oldEmail);
        // the revert sends the old address a reset link, which opens the password page
        String reset = PageFixtures.link(PageFixtures.awaitMail(oldEmail, "/pages/reset", 1), "/pages/reset");
        browser.open(reset);
        assertThat(browser.heading()).isEqualTo("Choose a new password");
    }

    @Test
    void expiredLinkOffersANewOneThatWorks() {
        String email = PageFixtures.uniqueEmail("expired");
        String id = PageFixtures.signUp(email, "de");
        String first = PageFixtures.link(PageFixtures.awaitMail(email, "/pages/verify", 1), "/pages/verify");
        PageFixtures.expireChallenges(id);
        PageFixtures.ageChallenges(id);

        // the link carries the recipient's language (German here)
        assertThat(first).endsWith("&lang=de");
        browser.open(first);
        assertThat(browser.url()).isEqualTo(PagesProfile.BASE_URL + "/pages/verify");
        assertThat(browser.heading()).isEqualTo("Konto bestätigen");
        browser.submitWith(browser.find("button[type=submit]"));
        assertThat(browser.heading()).isEqualTo("Dieser Link ist abgelaufen");
        assertThat(browser.find("html").getAttribute("lang")).isEqualTo("de");
        browser.screenshot("40-verify-expired-de");
        browser.submitWith(browser.find("form[action='/pages/verify/resend'] button"));
        assertThat(browser.url()).endsWith("/pages/verify/sent");
        assertThat(browser.heading()).isEqualTo("Sehen Sie in Ihren Nachrichten nach");
        browser.screenshot("41-verify-sent-de");
        // the language links switch the page and remember the choice
        browser.submitWith(browser.driver.findElement(By.linkText("English")));
        assertThat(browser.heading()).isEqualTo("Check your messages");
        browser.screenshot("42-verify-sent");

        String second = PageFixtures.link(PageFixtures.awaitMail(email, "/pages/verify", 2), "/pages/verify");
        assertThat(second).isNotEqualTo(first);
        browser.open(second);
        browser.submitWith(browser.find("button[type=submit]"));
        assertThat(browser.heading()).isEqualTo("Ihr Konto ist bestätigt");
        browser.screenshot("43-verify-done-de");
        assertThat(PageFixtures.verified(id)).isTrue();
    }

    @Test
    void pagesFitASmallScreen() {
        browser.size(390, 844);
        browser.open(PagesProfile.BASE_URL + "/pages/forgot");
        long overflow = (Long) browser.driver.executeScript(
                "return document.documentElement.scrollWidth - document.documentElement.clientWidth;");
        assertThat(overflow).as("no horizontal scrolling").isLessThanOrEqualTo(0);
        browser.screenshot("50-forgot-mobile");
        browser.open(PagesProfile.BASE_URL + "/pages/verify/code?lang=de");
        assertThat(browser.heading()).isEqualTo("Code eingeben");
        browser.screenshot("51-code-mobile-de");
    }

    @Test
    void resetCodeFromTheMessageSetsANewPassword() {
        String email = PageFixtures.uniqueEmail("resetcode");
        PageFixtures.verifiedUser(email);
        String newPassword = "copper kettle horizon 58";
        io.restassured.RestAssured.given().contentType(io.restassured.http.ContentType.JSON)
                .body(java.util.Map.of("email", email)).post("/password/forgot").then().statusCode(202);
        String code = PageFixtures.code(PageFixtures.awaitMail(email, "/pages/reset", 1));

        browser.open(PagesProfile.BASE_URL + "/pages/forgot");
        browser.submitWith(browser.driver.findElement(By.linkText("Have a code instead? Enter it here.")));
        assertThat(browser.url()).endsWith("/pages/reset/code");
        assertThat(browser.driver.switchTo().activeElement().getAttribute("id")).isEqualTo("identity");
        browser.find("#identity").sendKeys(email);
        browser.find("#code").sendKeys(code);
        browser.find("#password").sendKeys(newPassword);
        browser.find("#confirm").sendKeys(newPassword);
        browser.screenshot("16-reset-code-form");
        browser.submitWith(browser.find("button[type=submit]"));
        assertThat(browser.url()).endsWith("/pages/reset/done");
        assertThat(PageFixtures.login(email, newPassword)).isEqualTo(201);
        assertThat(PageFixtures.login(email, PageFixtures.PASSWORD)).isEqualTo(401);
    }
}
