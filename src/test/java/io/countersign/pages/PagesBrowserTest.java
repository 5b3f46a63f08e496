package io.countersign.pages;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.Keys;
import org.openqa.selenium.WebElement;

import io.countersign.testing.Mailbox;
import io.quarkus.logging.Log;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import jakarta.mail.internet.MimeMessage;

/**
 * The journeys through the hosted pages in a real Chromium, each starting from a real message in the SMTP
 * server; every page is saved as a screenshot under {@code target/screenshots/}.
 */
@QuarkusTest
@TestProfile(PagesProfile.class)
class PagesBrowserTest {

    private static Browser browser;

    @BeforeAll
    static void start() {
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
}
