package io.countersign.compat;

import static io.countersign.compat.CompatFixtures.action;
import static io.countersign.compat.CompatFixtures.post;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import java.util.Map;

import org.junit.jupiter.api.Test;

import io.countersign.testing.OffContract;
import io.countersign.event.NotificationType;
import io.countersign.event.SecretPayload;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;

/** sendResetPwd (enumeration protection on), resetPwdLong and resetPwdShort. */
@QuarkusTest
class PasswordResetTest {

    static final String INCORRECT = "Reset Token is incorrect. (authLocalMgnt)";
    static final String EXPIRED = "Password reset token has expired.";

    @Inject
    CompatFixtures fixtures;

    private SecretPayload requested(CompatFixtures.Account a) {
        Feathers.json(post(action("sendResetPwd", Map.of("email", a.email()))), 201);
        return fixtures.secret(a.id(), NotificationType.SEND_RESET_PWD);
    }

    private static Map<String, Object> byToken(String token, String password) {
        return action("resetPwdLong", Map.of("token", token, "password", password));
    }

    private static Map<String, Object> byCode(CompatFixtures.Account a, String code, String password) {
        return action("resetPwdShort", Map.of("token", code, "user", Map.of("email", a.email()), "password", password));
    }

    // ---------------------------------------------------------------- sendResetPwd

    @Test
    void sendResetPwdAnswersEmptyObjectAndSendsTheResetToVerifiedAccount() {
        CompatFixtures.Account a = fixtures.user(true);
        assertEquals(Map.of(), Feathers.json(post(action("sendResetPwd", Map.of("email", a.email()))), 201));
        assertEquals(1, fixtures.notifications(a.id(), NotificationType.SEND_RESET_PWD));
        assertEquals(5, fixtures.attemptsLeft(a.id(), "reset"));
    }

    @Test
    void sendResetPwdAnswersTheSameForUnknownAndUnverifiedAccountsAndSendsNothing() {
        CompatFixtures.Account unverified = fixtures.user(false);
        assertEquals(Map.of(), Feathers.json(post(action("sendResetPwd", Map.of("email", unverified.email()))), 201));
        assertEquals(Map.of(), Feathers.json(post(action("sendResetPwd",
                Map.of("email", "nobody-" + System.nanoTime() + "@example.com"))), 201));
        assertEquals(0, fixtures.notifications(unverified.id()));
    }

    @Test
    void sendResetPwdPassesNotifierOptionsToTheNotification() {
        CompatFixtures.Account a = fixtures.user(true);
        Map<String, Object> body = action("sendResetPwd", Map.of("email", a.email()));
        body.put("notifierOptions", Map.of("transport", "sms"));
        post(body).then().statusCode(201);
        assertEquals("sms", fixtures.notifierOption(a.id(), NotificationType.SEND_RESET_PWD, "transport"));
    }

    @Test
    @OffContract("an action whose value has the wrong shape")
    void sendResetPwdBadInputIsBadParams() {
        Feathers.badParams(post(action("sendResetPwd", null)), FamErrors.USER_INFO_NOT_VALID);
        Feathers.badParams(post(action("sendResetPwd", Map.of())), FamErrors.USER_INFO_NOT_VALID);
        Feathers.badParams(post(action("sendResetPwd", "a@example.com")), FamErrors.USER_INFO_NOT_VALID);
        Feathers.badParams(post(action("sendResetPwd", Map.of("email", true))), FamErrors.USER_INFO_NOT_VALID);
        Feathers.badParams(post(action("sendResetPwd", Map.of("verifyToken", "x"))), FamErrors.USER_INFO_NOT_VALID);
        Feathers.badParams(post(action("sendResetPwd", Map.of("email", "x".repeat(30_000)))), FamErrors.USER_INFO_NOT_VALID);
        Map<String, Object> body = action("sendResetPwd", Map.of("email", "a@example.com"));
        body.put("notifierOptions", "sms");
        Feathers.json(post(body), 400);
    }

    // ---------------------------------------------------------------- resetPwdLong

    @Test
    void resetPwdLongSetsThePasswordAndRevokesSessions() {
        CompatFixtures.Account a = fixtures.user(true);
        String oldAccess = CompatFixtures.login(a, CompatFixtures.PASSWORD);
        SecretPayload s = requested(a);
        String hash = fixtures.passwordHash(a.id());
        Map<String, Object> user = Feathers.user(post(byToken(s.token(), CompatFixtures.NEW_PASSWORD)), a);
        assertEquals(true, user.get("isVerified"));
        assertNotEquals(hash, fixtures.passwordHash(a.id()));
        assertEquals(1, fixtures.notifications(a.id(), NotificationType.RESET_PWD));
        CompatFixtures.login(a, CompatFixtures.NEW_PASSWORD);
        Feathers.notAuthenticated(post(oldAccess, action("passwordChange", Map.of("user", Map.of("email", a.email()),
                "oldPassword", CompatFixtures.NEW_PASSWORD, "password", "yet another passphrase"))));
    }

    @Test
    void resetPwdLongTokenWorksOnlyOnce() {
        CompatFixtures.Account a = fixtures.user(true);
        SecretPayload s = requested(a);
        post(byToken(s.token(), CompatFixtures.NEW_PASSWORD)).then().statusCode(201);
        String hash = fixtures.passwordHash(a.id());
        Feathers.badRequest(post(byToken(s.token(), "another new passphrase")), FamErrors.INVALID_TOKEN, "invalidToken");
        assertEquals(hash, fixtures.passwordHash(a.id()));
    }

    @Test
    void resetPwdLongWrongTokenIsIncorrectAndKeepsTheResetUsable() {
        CompatFixtures.Account a = fixtures.user(true);
        SecretPayload s = requested(a);
        String hash = fixtures.passwordHash(a.id());
        Feathers.badRequest(post(byToken(VerifySignupTest.wrongVerifier(s.token()), CompatFixtures.NEW_PASSWORD)), INCORRECT,
                "incorrectToken");
        assertEquals(4, fixtures.attemptsLeft(a.id(), "reset"));
        assertEquals(hash, fixtures.passwordHash(a.id()));
        Feathers.user(post(byToken(s.token(), CompatFixtures.NEW_PASSWORD)), a);
    }

    @Test
    void resetPwdLongSpentAttemptBudgetCancelsTheReset() {
        CompatFixtures.Account a = fixtures.user(true);
        SecretPayload s = requested(a);
        String wrong = VerifySignupTest.wrongVerifier(s.token());
        for (int i = 0; i < 4; i++) {
            Feathers.badRequest(post(byToken(wrong, CompatFixtures.NEW_PASSWORD)), INCORRECT, "incorrectToken");
        }
        Feathers.badRequest(post(byToken(wrong, CompatFixtures.NEW_PASSWORD)), FamErrors.INVALID_TOKEN, "invalidToken");
        String hash = fixtures.passwordHash(a.id());
        Feathers.badRequest(post(byToken(s.token(), CompatFixtures.NEW_PASSWORD)), FamErrors.INVALID_TOKEN, "invalidToken");
        assertEquals(hash, fixtures.passwordHash(a.id()));
        assertEquals("exhausted", fixtures.endedReason(a.id(), "reset"));
    }

    @Test
    void resetPwdLongExpiredTokenIsResetExpired() {
        CompatFixtures.Account a = fixtures.user(true);
        SecretPayload s = requested(a);
        fixtures.expire(a.id(), "reset");
        String before = fixtures.snapshot(a.id());
        Feathers.badRequest(post(byToken(s.token(), CompatFixtures.NEW_PASSWORD)), EXPIRED, "resetExpired");
        assertEquals(before, fixtures.snapshot(a.id()));
    }

    @Test
    void resetPwdLongSupersededTokenIsInvalid() {
        CompatFixtures.Account a = fixtures.user(true);
        SecretPayload first = requested(a);
        fixtures.age(a.id(), "reset");
        SecretPayload second = requested(a);
        Feathers.badRequest(post(byToken(first.token(), CompatFixtures.NEW_PASSWORD)), FamErrors.INVALID_TOKEN, "invalidToken");
        Feathers.user(post(byToken(second.token(), CompatFixtures.NEW_PASSWORD)), a);
    }

    @Test
    void resetPwdLongReferenceStyleOrMalformedTokenIsNotInTheCorrectFormat() {
        Feathers.badParams(post(byToken("1___0123456789abcdef0123456789ab", CompatFixtures.NEW_PASSWORD)),
                "Token is not in the correct format.");
        Feathers.badParams(post(byToken("", CompatFixtures.NEW_PASSWORD)), "Token is not in the correct format.");
    }

    @Test
    void resetPwdLongUnknownOrVerificationTokenIsUserNotFound() {
        Feathers.badParams(post(byToken(VerifySignupTest.unknownToken(), CompatFixtures.NEW_PASSWORD)), "User not found.");
        CompatFixtures.Account a = fixtures.user(false);
        post(action("resendVerifySignup", Map.of("email", a.email()))).then().statusCode(201);
        SecretPayload verify = fixtures.secret(a.id(), NotificationType.RESEND_VERIFY_SIGNUP);
        Feathers.badParams(post(byToken(verify.token(), CompatFixtures.NEW_PASSWORD)), "User not found.");
    }

    @Test
    void resetPwdLongWeakPasswordChangesNothingAndSpendsNoAttempt() {
        CompatFixtures.Account a = fixtures.user(true);
        SecretPayload s = requested(a);
        String before = fixtures.snapshot(a.id());
        Feathers.badRequest(post(byToken(s.token(), "short")), "The password must have at least 8 characters.", "badParams");
        Feathers.badRequest(post(byToken(s.token(), "p".repeat(20_000))), "The password must have at most 128 characters.", "badParams");
        Feathers.badRequest(post(byToken(s.token(), a.email())), "The password must not be your email, phone or username.", "badParams");
        assertEquals(before, fixtures.snapshot(a.id()));
    }

    @Test
    @OffContract("missing fields")
    void resetPwdLongMissingFieldsAreExpectedString() {
        Feathers.badParams(post(action("resetPwdLong", null)), FamErrors.EXPECTED_STRING);
        Feathers.badParams(post(action("resetPwdLong", Map.of("token", "a.b"))), FamErrors.EXPECTED_STRING);
        Feathers.badParams(post(action("resetPwdLong", Map.of("token", 1, "password", "long enough 1"))), FamErrors.EXPECTED_STRING);
    }

    // ---------------------------------------------------------------- resetPwdShort

    @Test
    void resetPwdShortSetsThePassword() {
        CompatFixtures.Account a = fixtures.user(true);
        SecretPayload s = requested(a);
        Feathers.user(post(byCode(a, s.code(), CompatFixtures.NEW_PASSWORD)), a);
        CompatFixtures.login(a, CompatFixtures.NEW_PASSWORD);
    }

    @Test
    void resetPwdShortWrongCodeIsIncorrectAndKeepsTheResetUsable() {
        CompatFixtures.Account a = fixtures.user(true);
        SecretPayload s = requested(a);
        String wrong = s.code().equals("000000") ? "111111" : "000000";
        Feathers.badRequest(post(byCode(a, wrong, CompatFixtures.NEW_PASSWORD)), INCORRECT, "incorrectToken");
        assertEquals(4, fixtures.codeAttemptsLeft(a.id(), "reset"));
        Feathers.user(post(byCode(a, s.code(), CompatFixtures.NEW_PASSWORD)), a);
    }

    @Test
    void resetPwdShortWithoutPendingResetAnswersAsAWrongCode() {
        CompatFixtures.Account a = fixtures.user(true);
        Feathers.badRequest(post(byCode(a, "123456", CompatFixtures.NEW_PASSWORD)), INCORRECT, "incorrectToken");
    }

    @Test
    void resetPwdShortCodeOfAnotherAccountDoesNotWork() {
        CompatFixtures.Account a = fixtures.user(true);
        CompatFixtures.Account b = fixtures.user(true);
        SecretPayload s = requested(a);
        requested(b);
        Feathers.badRequest(post(byCode(b, s.code(), CompatFixtures.NEW_PASSWORD)), INCORRECT, "incorrectToken");
    }

    @Test
    void resetPwdShortUnknownUserAnswersAsAWrongCode() {
        // enumeration protection on (issue 14 item 3): an unknown address answers like a wrong code
        CompatFixtures.Account ghost = new CompatFixtures.Account(java.util.UUID.randomUUID(),
                "nobody-" + System.nanoTime() + "@example.com", null, null);
        Feathers.badRequest(post(byCode(ghost, "123456", CompatFixtures.NEW_PASSWORD)), INCORRECT, "incorrectToken");
    }

    @Test
    @OffContract("an action whose value has the wrong shape")
    void resetPwdShortBadInputIsBadParams() {
        Feathers.badParams(post(action("resetPwdShort", null)), FamErrors.EXPECTED_STRING);
        Feathers.badParams(post(action("resetPwdShort", Map.of("token", "123456", "password", "long enough 1"))),
                FamErrors.USER_INFO_NOT_VALID);
        Feathers.badParams(post(action("resetPwdShort", Map.of("token", "123456", "password", "long enough 1", "user",
                Map.of("email", "a@example.com", "isVerified", "true")))), FamErrors.USER_INFO_NOT_VALID);
    }
}
