package io.countersign.compat;

import static io.countersign.compat.CompatFixtures.action;
import static io.countersign.compat.CompatFixtures.post;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Map;

import org.junit.jupiter.api.Test;

import io.countersign.event.NotificationType;
import io.countersign.testing.EnumerationProtectionOff;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import jakarta.inject.Inject;

/**
 * With {@code countersign.enumeration-protection=false}, sendResetPwd and resendVerifySignup answer as the reference:
 * the sanitized user, or why the account does not qualify (docs/compat.md difference 4).
 */
@QuarkusTest
@TestProfile(EnumerationProtectionOff.class)
class ReferenceModeTest {

    @Inject
    CompatFixtures fixtures;

    @Test
    void optionsSayEnumerationProtectionIsOff() {
        assertEquals(false, Feathers.json(post(action("options", null)), 201).get("enumerationProtection"));
    }

    @Test
    void sendResetPwdAnswersTheSanitizedUser() {
        CompatFixtures.Account a = fixtures.user(true);
        Feathers.user(post(action("sendResetPwd", Map.of("email", a.email()))), a);
        assertEquals(1, fixtures.notifications(a.id(), NotificationType.SEND_RESET_PWD));
    }

    @Test
    void sendResetPwdUnknownUserIsUserNotFound() {
        Feathers.badParams(post(action("sendResetPwd", Map.of("email", "nobody-" + System.nanoTime() + "@example.com"))),
                "User not found.");
    }

    @Test
    void sendResetPwdUnverifiedUserIsNotVerified() {
        CompatFixtures.Account a = fixtures.user(false);
        Feathers.badRequest(post(action("sendResetPwd", Map.of("email", a.email()))), "User is not verified.", "isVerified");
        assertEquals(0, fixtures.notifications(a.id()));
    }

    @Test
    void resendVerifySignupAnswersTheSanitizedUser() {
        CompatFixtures.Account a = fixtures.user(false);
        Map<String, Object> user = Feathers.user(post(action("resendVerifySignup", Map.of("email", a.email()))), a);
        assertEquals(false, user.get("isVerified"));
    }

    @Test
    void resendVerifySignupVerifiedUserIsAlreadyVerified() {
        CompatFixtures.Account a = fixtures.user(true);
        Feathers.badRequest(post(action("resendVerifySignup", Map.of("email", a.email()))), "User is already verified.", "isNotVerified");
        assertEquals(0, fixtures.notifications(a.id()));
    }

    @Test
    void resendVerifySignupUnknownUserOrTokenIsUserNotFound() {
        Feathers.badParams(post(action("resendVerifySignup", Map.of("email", "nobody-" + System.nanoTime() + "@example.com"))),
                "User not found.");
        Feathers.badParams(post(action("resendVerifySignup", Map.of("verifyToken", VerifySignupTest.unknownToken()))), "User not found.");
        Feathers.badParams(post(action("resendVerifySignup", Map.of("verifyShortToken", "123456"))), "User not found.");
    }
}
