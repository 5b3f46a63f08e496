package io.countersign.pages;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.countersign.testing.Accounts;
import io.countersign.testing.Mailbox;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import jakarta.mail.internet.MimeMessage;

/**
 * Issue 17 item 7: the generic self-service page runs reset, registration and a process defined by configuration
 * alone ({@code join}, PagesProfile) in a real Chromium, from the stages' requirements, with the real messages: the
 * link of a message continues the process in the browser that started it.
 */
@QuarkusTest
@TestProfile(PagesProfile.class)
class ProcessPagesBrowserTest {

    private static final String NEW_PASSWORD = "copper lantern meadow 93";
    private static final Pattern LINK = Pattern.compile("(https?://[^/\\s]+)/pages/selfservice/([A-Za-z0-9_-]+)\\?code=([0-9]{4,10})(?:&lang=[a-z]{2})?");

    private static Browser browser;

    @BeforeAll
    static void start() {
        browser = new Browser(true, "en-US,en");
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
    void resetRunsInTheBrowserAndTheMailLinkContinuesIt() {
        String email = PageFixtures.uniqueEmail("ss-reset");
        PageFixtures.verifiedUser(email);

        browser.open(PagesProfile.BASE_URL + "/pages/selfservice/reset");
        assertThat(browser.heading()).isEqualTo("Name your account");
        assertThat(browser.find("label[for=f-email]").getText()).startsWith("The account's e-mail address").contains("(required)");
        browser.screenshot("60-process-reset-query");
        browser.find("#f-email").sendKeys(email);
        browser.submitWith(browser.find("button[type=submit]"));
        assertThat(browser.heading()).isEqualTo("Enter the code we sent you");

        String link = link(email, "reset");
        assertThat(link).startsWith(PagesProfile.BASE_URL + "/pages/selfservice/reset?code=");
        browser.open(link);
        assertThat(browser.url()).isEqualTo(PagesProfile.BASE_URL + "/pages/selfservice/reset").doesNotContain("code");
        assertThat(browser.find("#f-code").getAttribute("value")).isEqualTo(code(link));
        browser.screenshot("61-process-reset-link");
        browser.submitWith(browser.find("button[type=submit]"));

        assertThat(browser.heading()).isEqualTo("Choose a new password");
        assertThat(browser.find("#f-password").getAttribute("type")).isEqualTo("password");
        browser.find("#f-password").sendKeys("abc");
        browser.submitWith(browser.find("button[type=submit]"));
        assertThat(browser.heading()).as("a refused password keeps the stage").isEqualTo("Choose a new password");
        assertThat(browser.find(".error-summary").getText()).contains("Your password must have");
        browser.screenshot("62-process-reset-refused");
        browser.find("#f-password").sendKeys(NEW_PASSWORD);
        browser.submitWith(browser.find("button[type=submit]"));

        assertThat(browser.url()).isEqualTo(PagesProfile.BASE_URL + "/pages/selfservice/reset/done");
        assertThat(browser.heading()).isEqualTo("All done");
        assertThat(PageFixtures.login(email, NEW_PASSWORD)).isEqualTo(201);

        // the link again, once the process is over: nothing to continue
        browser.open(link);
        assertThat(browser.heading()).isEqualTo("This step can no longer be used");
        browser.submitWith(browser.find("p.alt a"));
        assertThat(browser.heading()).as("start again").isEqualTo("Name your account");
    }

    @Test
    void registrationRunsWithoutJavaScriptWithTheCodeTyped() {
        try (Browser noScript = new Browser(false, "en-US,en")) {
            String email = PageFixtures.uniqueEmail("ss-register");
            noScript.open(PagesProfile.BASE_URL + "/pages/selfservice/registration");
            assertThat(noScript.heading()).isEqualTo("Terms and conditions");
            assertThat(noScript.find("main a[href='/terms']").getText()).isEqualTo("Read the terms and conditions");
            noScript.screenshot("63-process-registration-terms");

            // not accepted: the stage answers again with the error, and does not advance
            noScript.submitWith(noScript.find("button[type=submit]"));
            assertThat(noScript.heading()).isEqualTo("Terms and conditions");
            assertThat(noScript.find(".error-summary").getText()).contains("accept is required");
            assertThat(noScript.find("#f-accept").getAttribute("aria-invalid")).isEqualTo("true");

            noScript.find("#f-accept").click();
            noScript.submitWith(noScript.find("button[type=submit]"));
            assertThat(noScript.heading()).isEqualTo("Consent");
            noScript.find("#f-consentGiven").click();
            noScript.submitWith(noScript.find("button[type=submit]"));
            assertThat(noScript.heading()).isEqualTo("Your account");
            noScript.screenshot("64-process-registration-details");
            noScript.find("#f-email").sendKeys(email);
            noScript.find("#f-password").sendKeys(PageFixtures.PASSWORD);
            noScript.find("#f-displayName").sendKeys("Ada");
            noScript.submitWith(noScript.find("button[type=submit]"));
            assertThat(noScript.heading()).isEqualTo("Enter the code we sent you");

            noScript.find("#f-code").sendKeys(PageFixtures.code(mail(email, "registration")));
            noScript.submitWith(noScript.find("button[type=submit]"));
            assertThat(noScript.heading()).isEqualTo("All done");
            assertThat(PageFixtures.verified(Accounts.idOf(email))).isTrue();
            assertThat(PageFixtures.login(email, PageFixtures.PASSWORD)).isEqualTo(201);
        }
    }

    @Test
    void aProcessDefinedByConfigurationAloneRunsInGerman() {
        String email = PageFixtures.uniqueEmail("ss-join");
        browser.open(PagesProfile.BASE_URL + "/pages/selfservice/join?lang=de");
        assertThat(browser.heading()).isEqualTo("Einwilligung");
        assertThat(browser.find("label[for=f-consentGiven]").getText()).startsWith("Ich willige ein").contains("(Pflichtfeld)");
        browser.find("#f-consentGiven").click();
        browser.submitWith(browser.find("button[type=submit]"));
        assertThat(browser.heading()).isEqualTo("Ihr Konto");
        assertThat(browser.find("label[for=f-email]").getText()).startsWith("E-Mail-Adresse");
        browser.screenshot("65-process-join-de");
        browser.find("#f-email").sendKeys(email);
        browser.find("#f-password").sendKeys(PageFixtures.PASSWORD);
        browser.find("#f-locale").sendKeys("de");
        browser.submitWith(browser.find("button[type=submit]"));
        assertThat(browser.heading()).isEqualTo("Geben Sie den Code ein, den wir Ihnen geschickt haben");

        // the message is in the account's language, and its link says so (lang=de)
        String link = link(email, "join");
        assertThat(link).endsWith("&lang=de");
        browser.open(link);
        assertThat(browser.url()).isEqualTo(PagesProfile.BASE_URL + "/pages/selfservice/join");
        browser.submitWith(browser.find("button[type=submit]"));
        assertThat(browser.heading()).isEqualTo("Erledigt");
        assertThat(PageFixtures.verified(Accounts.idOf(email))).isTrue();
        assertThat(PageFixtures.login(email, PageFixtures.PASSWORD)).isEqualTo(201);
    }

    @Test
    void aFormWithoutTheCsrfFieldIsRefused() {
        given().contentType("application/x-www-form-urlencoded").formParam("s.email", "someone@example.com")
                .post("/pages/selfservice/reset").then().statusCode(403);
    }

    /** The message of this process to the address: its link continues the process. */
    private static MimeMessage mail(String email, String process) {
        String path = "/pages/selfservice/" + process + "?code=";
        Awaitility.await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(50))
                .until(() -> !mails(email, path).isEmpty());
        return mails(email, path).get(0);
    }

    private static List<MimeMessage> mails(String email, String path) {
        return Mailbox.to(email).stream().filter(m -> Mailbox.part(m, "text/plain").contains(path)).toList();
    }

    private static String link(String email, String process) {
        MimeMessage mail = mail(email, process);
        Matcher m = LINK.matcher(Mailbox.part(mail, "text/plain"));
        assertThat(m.find()).as("a link in the message").isTrue();
        assertThat(m.group(1)).isEqualTo(PagesProfile.BASE_URL);
        assertThat(m.group(2)).isEqualTo(process);
        assertThat(Mailbox.part(mail, "text/html")).contains(m.group(0).replace("&", "&amp;"));
        return m.group(0);
    }

    private static String code(String link) {
        Matcher m = LINK.matcher(link);
        assertThat(m.find()).isTrue();
        return m.group(3);
    }
}
