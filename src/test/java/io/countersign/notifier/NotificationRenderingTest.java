package io.countersign.notifier;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import io.countersign.event.NotificationEvent;
import io.countersign.event.NotificationType;
import io.countersign.event.Recipient;
import io.countersign.event.SecretBox;
import io.countersign.notifier.email.EmailRenderer;
import io.countersign.notifier.email.RenderedEmail;
import io.countersign.notifier.sms.SmsRenderer;
import io.countersign.testing.TestEvents;
import io.quarkus.qute.Engine;
import io.quarkus.qute.Template;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;

/** Every notification type renders in English and German, HTML and text and SMS, with working links. */
@QuarkusTest
class NotificationRenderingTest {

    private static final Pattern LINK = Pattern.compile("http://localhost:8080(/pages/[a-z/]+)\\?token=([A-Za-z0-9._~%-]+)");

    @Inject
    EmailRenderer email;
    @Inject
    SmsRenderer sms;
    @Inject
    SecretBox box;
    @Inject
    EventDecoderTestSupport support;
    @Inject
    TemplateRenderer templates;
    @Inject
    Engine engine;
    @Inject
    MessageOverrides messageOverrides;
    @Inject
    NotifierConfig notifierConfig;

    @Inject
    Links links;
    @Inject
    BrandingConfig branding;

    @Test
    void atStartTheWordingOverridesArePutInPlaceAndPassTheSlotCheck(@TempDir Path dir) throws IOException {
        Files.createDirectories(dir.resolve("messages"));
        Files.writeString(dir.resolve("messages/notifier_es.properties"), "sendResetPwd_subject=Ayuda con {product}\n");
        BrandingConfig withDir = new BrandingConfig() {
            @Override
            public Optional<String> logoUrl() {
                return branding.logoUrl();
            }

            @Override
            public String accentColor() {
                return branding.accentColor();
            }

            @Override
            public Optional<String> templatesDir() {
                return Optional.of(dir.toString());
            }
        };
        TemplateRenderer starting = new TemplateRenderer(engine, links, notifierConfig, withDir, messageOverrides);
        try {
            starting.checkTemplates(null);
            assertEquals("Ayuda con " + notifierConfig.productName(),
                    email.render(notification(NotificationType.SEND_RESET_PWD, "es"), "ada@example.com").subject());
            Files.writeString(dir.resolve("messages/notifier_es.properties"), "codeLine=Su código está abajo.\n");
            IllegalStateException stop = assertThrows(IllegalStateException.class, () -> starting.checkTemplates(null));
            assertTrue(stop.getMessage().matches("Notifier template notifier/email/\\w+\\.(html|txt) \\(es\\) does not show the slot \\{code\\}"),
                    stop.getMessage());
        } finally {
            messageOverrides.install(Map.of());
        }
    }

    @Test
    void overriddenBundleKeysChangeTheRenderedMailInTheirLanguageOnly(@TempDir Path dir) throws IOException {
        Files.createDirectories(dir.resolve("messages"));
        Files.writeString(dir.resolve("messages/notifier.properties"), """
                # English overrides
                sendResetPwd_subject=Password help for {product}
                greeting=Howdy {name}!
                """);
        Files.writeString(dir.resolve("messages/notifier_fr.properties"), """
                sendResetPwd_subject=Aide mot de passe {product}
                accountDeleted_notYou=Contactez-nous.
                """);
        String product = notifierConfig.productName();
        try {
            messageOverrides.install(MessageOverrides.load(engine, dir));
            RenderedEmail en = email.render(notification(NotificationType.SEND_RESET_PWD, "en"), "ada@example.com");
            assertEquals("Password help for " + product, en.subject());
            assertTrue(en.text().contains("Howdy Ada!") && en.html().contains("Howdy Ada!"), en.text());
            assertTrue(en.text().contains("We received a request to reset the password of your " + product + " account."), "other keys keep their wording");
            RenderedEmail fr = email.render(notification(NotificationType.SEND_RESET_PWD, "fr"), "ada@example.com");
            assertEquals("Aide mot de passe " + product, fr.subject());
            assertTrue(fr.text().contains("Bonjour Ada,"), "the English greeting does not replace the French one: " + fr.text());
            RenderedEmail deleted = email.render(notification(NotificationType.ACCOUNT_DELETED, "fr-CA"), "ada@example.com");
            assertTrue(deleted.text().contains("Contactez-nous."), "a key without parameters is replaced too: " + deleted.text());
            RenderedEmail de = email.render(notification(NotificationType.SEND_RESET_PWD, "de"), "ada@example.com");
            assertEquals("Setzen Sie Ihr " + product + "-Passwort zurück", de.subject(), "no German override: built-in wording");
            TemplateSlots.check(templates); // the start-up check runs with the overrides applied
        } finally {
            messageOverrides.install(Map.of());
        }
        assertEquals("Reset your " + product + " password",
                email.render(notification(NotificationType.SEND_RESET_PWD, "en"), "ada@example.com").subject());
    }

    @ParameterizedTest
    @EnumSource(NotificationType.class)
    void rendersEveryTypeInEnglishAndGerman(NotificationType type) {
        RenderedEmail en = email.render(notification(type, "en"), "ada@example.com");
        RenderedEmail de = email.render(notification(type, "de-DE"), "ada@example.com");
        for (RenderedEmail mail : new RenderedEmail[] { en, de }) {
            assertClean(mail.subject());
            assertClean(mail.html());
            assertClean(mail.text());
            assertTrue(mail.html().contains("<html lang=\"" + mail.language() + "\">"), mail.html());
            assertTrue(mail.text().contains("Ada"), "greets by name");
            assertFalse(mail.subject().isBlank());
        }
        assertEquals("de", de.language());
        assertNotEquals(en.subject(), de.subject(), "German subject is translated");
        assertNotEquals(en.text(), de.text(), "German text is translated");
        if (type.carriesSecret()) {
            String expectedPath = switch (type) {
                case RESEND_VERIFY_SIGNUP -> "/pages/verify";
                case SEND_RESET_PWD, IDENTITY_CHANGE_REVERTED -> "/pages/reset";
                case IDENTITY_CHANGE -> "/pages/identity/confirm";
                default -> "/pages/identity/revert";
            };
            if (type == NotificationType.SEND_RESET_PWD) {
                // the shared action layout receives the type's own intro and button label
                assertTrue(de.html().contains("das Passwort Ihres") && de.html().contains(">Neues Passwort wählen</a>"), de.html());
            }
            for (String body : new String[] { en.html(), en.text(), de.html(), de.text() }) {
                Matcher link = LINK.matcher(body);
                assertTrue(link.find(), "link in " + body);
                assertEquals(expectedPath, link.group(1));
                assertTrue(link.group(2).contains(".verifier_Abc-123"), "carries the token");
                // a revert takes only the link: no endpoint accepts a code for it
                assertEquals(type != NotificationType.IDENTITY_CHANGE_REVERT, body.contains("123456"), "code in " + body);
            }
        } else {
            assertFalse(en.html().contains("?token="));
        }
    }

    @ParameterizedTest
    @EnumSource(NotificationType.class)
    void rendersEveryTypeInFrenchAndSpanish(NotificationType type) {
        RenderedEmail en = email.render(notification(type, "en"), "ada@example.com");
        for (String locale : new String[] { "fr-FR", "es" }) {
            RenderedEmail mail = email.render(notification(type, locale), "ada@example.com");
            String sms = this.sms.render(notification(type, locale));
            assertEquals(locale.substring(0, 2), mail.language());
            for (String text : new String[] { mail.subject(), mail.html(), mail.text(), sms }) {
                assertClean(text);
            }
            assertNotEquals(en.subject(), mail.subject(), "translated subject: " + locale);
            assertNotEquals(en.text(), mail.text(), "translated text: " + locale);
            if (type.carriesSecret()) {
                assertTrue(LINK.matcher(mail.html()).find() && LINK.matcher(mail.text()).find() && LINK.matcher(sms).find(), mail.text());
            }
        }
    }

    /** E-mails carry the configured logo (%test) and accent colour (the pages' default) in the layout and the button. */
    @Test
    void emailsCarryTheLogoAndAccentColour() {
        RenderedEmail mail = email.render(notification(NotificationType.SEND_RESET_PWD, "en"), "ada@example.com");
        assertTrue(mail.html().contains("<img src=\"https://cdn.example.com/countersign-logo.png\""), mail.html());
        assertTrue(mail.html().contains("background:#1f4fd1;"), mail.html());
        assertFalse(mail.text().contains("cdn.example.com"), "no logo in the text part");
    }

    /** The start-up check names the template and the slot a replacement leaves out. */
    @Test
    void aTemplateWithoutItsSlotIsNamedByTheStartUpCheck() {
        String id = "notifier/email/sendResetPwd.txt";
        Template original = engine.getTemplate(id);
        try {
            engine.putTemplate(id, engine.parse("Reset your password: {link}", null, id));
            IllegalStateException missingCode = assertThrows(IllegalStateException.class,
                    () -> TemplateSlots.check(templates));
            assertTrue(missingCode.getMessage().startsWith("Notifier template notifier/email/sendResetPwd.txt (")
                    && missingCode.getMessage().endsWith(") does not show the slot {code}"), missingCode.getMessage());
            engine.putTemplate(id, engine.parse("Reset your password with code {code}", null, id));
            IllegalStateException missingLink = assertThrows(IllegalStateException.class,
                    () -> TemplateSlots.check(templates));
            assertTrue(missingLink.getMessage().endsWith(") does not show the slot {link}"), missingLink.getMessage());
        } finally {
            engine.putTemplate(id, original);
        }
        TemplateSlots.check(templates);
    }

    @ParameterizedTest
    @EnumSource(NotificationType.class)
    void rendersEverySmsInEnglishAndGerman(NotificationType type) {
        String en = sms.render(notification(type, "en"));
        String de = sms.render(notification(type, "de"));
        assertClean(en);
        assertClean(de);
        assertTrue(en.startsWith("Countersign: "), en);
        if (type.carriesSecret()) {
            boolean codeWorks = type != NotificationType.IDENTITY_CHANGE_REVERT;
            assertEquals(codeWorks, en.contains("123456"), en);
            assertEquals(codeWorks, de.contains("123456"), de);
            assertTrue(LINK.matcher(en).find());
        }
    }

    /** The revert notice offers what works (the link) and says one thing: undo it if it was not you. */
    @Test
    void theRevertNoticeOffersOnlyItsLinkAndNoConflictingAdvice() {
        for (String locale : new String[] { "en", "de" }) {
            RenderedEmail mail = email.render(notification(NotificationType.IDENTITY_CHANGE_REVERT, locale), "ada@example.com");
            for (String body : new String[] { mail.html(), mail.text() }) {
                assertTrue(LINK.matcher(body).find(), body);
                assertFalse(body.contains("123456"), "no code: " + body);
                assertFalse(body.contains("ignore") || body.contains("ignorieren"), "no 'ignore this': " + body);
                assertFalse(body.contains("Code"), body);
            }
        }
        RenderedEmail en = email.render(notification(NotificationType.IDENTITY_CHANGE_REVERT, "en"), "ada@example.com");
        assertTrue(en.text().contains("If it was not, undo the change with this link.")
                && en.text().contains("This link is valid until "), en.text());
        String sms = this.sms.render(notification(NotificationType.IDENTITY_CHANGE_REVERT, "en"));
        assertTrue(sms.startsWith("Countersign: your sign-in details were changed. Not you? Undo it with this link: http"), sms);
        // the notice after a revert asks for a new password: no "you can ignore this" either
        RenderedEmail reverted = email.render(notification(NotificationType.IDENTITY_CHANGE_REVERTED, "en"), "ada@example.com");
        assertFalse(reverted.html().contains("ignore") || reverted.text().contains("ignore"), reverted.text());
    }

    /** Signing in and resetting fail for an unverified account: its owner is told to confirm it instead. */
    @Test
    void theAccountExistsNoticeAdvisesWhatWorksForTheAccount() {
        Recipient ada = new Recipient("ada@example.com", "+4915112345678", "email", "en", "Ada");
        Notification verified = accountExists(ada, Map.of("verified", "true"));
        Notification unverified = accountExists(ada, Map.of("verified", "false"));
        Notification unknown = accountExists(ada, Map.of()); // an event from before details.verified existed

        for (Notification n : new Notification[] { verified, unknown }) {
            RenderedEmail mail = email.render(n, "ada@example.com");
            assertTrue(mail.text().contains("If it was you, sign in or reset your password."), mail.text());
            assertTrue(mail.html().contains("If it was you, sign in or reset your password."), mail.html());
        }
        RenderedEmail mail = email.render(unverified, "ada@example.com");
        for (String body : new String[] { mail.text(), mail.html() }) {
            assertClean(body);
            assertFalse(body.contains("reset your password"), body);
            assertTrue(body.contains("not confirmed yet") && body.contains("ask for a new confirmation message"), body);
        }
        String sms = this.sms.render(unverified);
        assertTrue(sms.contains("not confirmed yet") && sms.contains("ask for a new one"), sms);
        assertFalse(this.sms.render(verified).contains("not confirmed"));
        RenderedEmail de = email.render(accountExists(new Recipient("ada@example.com", null, "email", "de", "Ada"),
                Map.of("verified", "false")), "ada@example.com");
        assertTrue(de.text().contains("noch nicht bestätigt"), de.text());
        assertClean(de.html());
    }

    private Notification accountExists(Recipient recipient, Map<String, String> details) {
        NotificationEvent event = new NotificationEvent(NotificationType.ACCOUNT_EXISTS.wireName(), id(), recipient, null,
                null, Map.of(), details);
        return support.decoded(NotificationType.ACCOUNT_EXISTS, event);
    }

    @Test
    void unknownLocaleFallsBackToEnglish() {
        RenderedEmail it = email.render(notification(NotificationType.SEND_RESET_PWD, "it-IT"), "ada@example.com");
        RenderedEmail en = email.render(notification(NotificationType.SEND_RESET_PWD, "en"), "ada@example.com");
        assertEquals("en", it.language());
        assertEquals(en.subject(), it.subject());
    }

    @Test
    void greetsWithoutNameWhenNoneIsKnown() {
        Recipient anonymous = new Recipient("ada@example.com", null, "email", "de", null);
        NotificationEvent event = TestEvents.event(box, NotificationType.PASSWORD_CHANGE, anonymous, Map.of());
        RenderedEmail mail = email.render(support.decoded(NotificationType.PASSWORD_CHANGE, event), "ada@example.com");
        assertTrue(mail.text().startsWith("Hallo,"), mail.text());
    }

    @Test
    void refusesToSendWhatStillLooksLikeATemplate() {
        PermanentFailure unknown = assertThrows(PermanentFailure.class,
                () -> templates.render("notifier/test/unknown-key.txt", new HashMap<>(Map.of("name", "Ada")), Locale.ENGLISH));
        assertTrue(unknown.getMessage().contains("failed to render"));
        PermanentFailure leftover = assertThrows(PermanentFailure.class,
                () -> templates.render("notifier/test/echo.txt", new HashMap<>(Map.of("name", "{code}")), Locale.ENGLISH));
        assertTrue(leftover.getMessage().contains("unrendered placeholder"));
    }

    @Test
    void userSuppliedBracesCannotBlockDelivery() {
        Recipient braces = new Recipient("ada@example.com", null, "email", "en", "{Ada}");
        NotificationEvent event = TestEvents.event(box, NotificationType.PASSWORD_CHANGE, braces, Map.of());
        RenderedEmail mail = email.render(support.decoded(NotificationType.PASSWORD_CHANGE, event), "ada@example.com");
        assertTrue(mail.text().startsWith("Hello (Ada),"), mail.text());
    }

    private Notification notification(NotificationType type, String locale) {
        Recipient recipient = new Recipient("ada@example.com", "+4915112345678", "email", locale, "Ada");
        return support.decoded(type, TestEvents.event(box, type, recipient, Map.of()));
    }

    static void assertClean(String rendered) {
        assertFalse(rendered.contains("{") || rendered.contains("}"), "unrendered placeholder in: " + rendered);
        assertFalse(rendered.contains("null"), "a null leaked into: " + rendered);
    }

    static String id() {
        return UUID.randomUUID().toString();
    }
}
