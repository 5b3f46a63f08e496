package io.countersign.compat;

import static io.countersign.compat.CompatFixtures.action;
import static io.countersign.compat.CompatFixtures.post;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;

import org.junit.jupiter.api.Test;

import io.countersign.testing.OffContract;
import io.countersign.event.NotificationType;
import io.countersign.event.SecretPayload;
import io.countersign.testing.Sql;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;

/** verifySignupLong/Short and verifySignupSetPasswordLong/Short. */
@QuarkusTest
class VerifySignupTest {

    static final String INVALID = FamErrors.INVALID_TOKEN;

    @Inject
    CompatFixtures fixtures;

    /** An unverified account with a live verification challenge; returns its token and code. */
    private SecretPayload pending(CompatFixtures.Account a) {
        post(action("resendVerifySignup", Map.of("email", a.email()))).then().statusCode(201);
        return fixtures.secret(a.id(), NotificationType.RESEND_VERIFY_SIGNUP);
    }

    static String wrongVerifier(String token) {
        int dot = token.indexOf('.');
        String verifier = token.substring(dot + 1);
        return token.substring(0, dot + 1) + (verifier.startsWith("A") ? "B" : "A") + verifier.substring(1);
    }

    static String unknownToken() {
        return "AAAAAAAAAAAAAAAA.BBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBB".replace('A', (char) ('C' + (int) (System.nanoTime() % 20)));
    }

    // ---------------------------------------------------------------- verifySignupLong

    @Test
    void verifySignupLongVerifiesAndAnswersTheSanitizedUser() {
        CompatFixtures.Account a = fixtures.user(false);
        SecretPayload s = pending(a);
        Map<String, Object> user = Feathers.user(post(action("verifySignupLong", s.token())), a);
        assertEquals(true, user.get("isVerified"));
        assertTrue(fixtures.verified(a.id()));
        assertEquals(1, fixtures.notifications(a.id(), NotificationType.VERIFY_SIGNUP));
    }

    @Test
    void verifySignupLongTokenWorksOnlyOnce() {
        CompatFixtures.Account a = fixtures.user(false);
        SecretPayload s = pending(a);
        post(action("verifySignupLong", s.token())).then().statusCode(201);
        Feathers.badRequest(post(action("verifySignupLong", s.token())), INVALID, "invalidToken");
    }

    @Test
    void verifySignupLongUnknownTokenIsUserNotFound() {
        Feathers.badParams(post(action("verifySignupLong", unknownToken())), "User not found.");
    }

    @Test
    void verifySignupLongMalformedOrReferenceStyleTokenIsNotInTheCorrectFormat() {
        Feathers.badParams(post(action("verifySignupLong", "abc")), "Token is not in the correct format.");
        Feathers.badParams(post(action("verifySignupLong", "0123456789abcdef0123456789abcd")), "Token is not in the correct format.");
        Feathers.badParams(post(action("verifySignupLong", "x".repeat(20_000))), "Token is not in the correct format.");
    }

    @Test
    void verifySignupLongExpiredTokenIsVerifyExpiredAndChangesNothing() {
        CompatFixtures.Account a = fixtures.user(false);
        SecretPayload s = pending(a);
        fixtures.expire(a.id(), "verify");
        String before = fixtures.snapshot(a.id());
        Feathers.badRequest(post(action("verifySignupLong", s.token())), "Verification token has expired.", "verifyExpired");
        assertEquals(before, fixtures.snapshot(a.id()));
    }

    @Test
    void verifySignupLongSupersededTokenIsInvalid() {
        CompatFixtures.Account a = fixtures.user(false);
        SecretPayload first = pending(a);
        fixtures.age(a.id(), "verify");
        SecretPayload second = pending(a);
        assertNotEquals(first.token(), second.token());
        Feathers.badRequest(post(action("verifySignupLong", first.token())), INVALID, "invalidToken");
        assertFalse(fixtures.verified(a.id()));
        post(action("verifySignupLong", second.token())).then().statusCode(201);
    }

    @Test
    void verifySignupLongWrongVerifierSpendsAnAttemptButKeepsTheChallenge() {
        CompatFixtures.Account a = fixtures.user(false);
        SecretPayload s = pending(a);
        Feathers.badRequest(post(action("verifySignupLong", wrongVerifier(s.token()))), INVALID, "badParam");
        assertEquals(4, fixtures.attemptsLeft(a.id(), "verify"));
        assertFalse(fixtures.verified(a.id()));
        Feathers.user(post(action("verifySignupLong", s.token())), a);
    }

    @Test
    void verifySignupLongAttemptBudgetSpentVoidsTheChallenge() {
        CompatFixtures.Account a = fixtures.user(false);
        SecretPayload s = pending(a);
        for (int i = 0; i < 4; i++) {
            Feathers.badRequest(post(action("verifySignupLong", wrongVerifier(s.token()))), INVALID, "badParam");
        }
        Feathers.badRequest(post(action("verifySignupLong", wrongVerifier(s.token()))), INVALID, "invalidToken");
        Feathers.badRequest(post(action("verifySignupLong", s.token())), INVALID, "invalidToken");
        assertEquals("exhausted", fixtures.endedReason(a.id(), "verify"));
        assertFalse(fixtures.verified(a.id()));
    }

    @Test
    void verifySignupLongResetTokenDoesNotVerify() {
        CompatFixtures.Account a = fixtures.user(true);
        post(action("sendResetPwd", Map.of("email", a.email()))).then().statusCode(201);
        SecretPayload reset = fixtures.secret(a.id(), NotificationType.SEND_RESET_PWD);
        Feathers.badParams(post(action("verifySignupLong", reset.token())), "User not found.");
        assertEquals(5, fixtures.attemptsLeft(a.id(), "reset"));
    }

    @Test
    @OffContract("a value that is not a string")
    void verifySignupLongValueMustBeABareString() {
        Feathers.badParams(post(action("verifySignupLong", Map.of("token", "abc"))), FamErrors.EXPECTED_STRING);
        Feathers.badParams(post(action("verifySignupLong", null)), FamErrors.EXPECTED_STRING);
        Feathers.badParams(post(action("verifySignupLong", 123456)), FamErrors.EXPECTED_STRING);
    }

    // ---------------------------------------------------------------- verifySignupShort

    @Test
    void verifySignupShortVerifiesWithCodeAndIdentity() {
        CompatFixtures.Account a = fixtures.user(false);
        SecretPayload s = pending(a);
        Map<String, Object> user = Feathers.user(post(action("verifySignupShort",
                Map.of("token", s.code(), "user", Map.of("email", a.email())))), a);
        assertEquals(true, user.get("isVerified"));
    }

    @Test
    void verifySignupShortWorksWithUsernameOrPhoneToo() {
        CompatFixtures.Account a = fixtures.user(false);
        SecretPayload s = pending(a);
        Feathers.user(post(action("verifySignupShort", Map.of("token", s.code(), "user", Map.of("phone", a.phone(), "username",
                a.username())))), a);
    }

    @Test
    void verifySignupShortWrongCodeKeepsTheChallengeUsable() {
        CompatFixtures.Account a = fixtures.user(false);
        SecretPayload s = pending(a);
        String wrong = s.code().equals("000000") ? "111111" : "000000";
        Feathers.badRequest(post(action("verifySignupShort", Map.of("token", wrong, "user", Map.of("email", a.email())))),
                INVALID, "badParam");
        assertEquals(4, fixtures.codeAttemptsLeft(a.id(), "verify"));
        Feathers.user(post(action("verifySignupShort", Map.of("token", s.code(), "user", Map.of("email", a.email())))), a);
    }

    @Test
    void verifySignupShortAfterTheBudgetIsSpentTheRightCodeNoLongerWorks() {
        CompatFixtures.Account a = fixtures.user(false);
        SecretPayload s = pending(a);
        String wrong = s.code().equals("000000") ? "111111" : "000000";
        Map<String, Object> value = Map.of("token", wrong, "user", Map.of("email", a.email()));
        for (int i = 0; i < 5; i++) {
            Feathers.badRequest(post(action("verifySignupShort", value)), INVALID, "badParam");
        }
        // enumeration protection on: a spent code answers like any wrong one
        Feathers.badRequest(post(action("verifySignupShort", Map.of("token", s.code(), "user", Map.of("email", a.email())))),
                INVALID, "badParam");
        assertFalse(fixtures.verified(a.id()));
        // issue 14 item 2: the link in the mailbox survives the guesses at the code
        Feathers.user(post(action("verifySignupLong", s.token())), a);
    }

    @Test
    void verifySignupShortOnVerifiedAccountAnswersAsAWrongCode() {
        // enumeration protection on (issue 14 item 3): verified, expired and unknown answer like a wrong code
        CompatFixtures.Account a = fixtures.user(true);
        Feathers.badRequest(post(action("verifySignupShort", Map.of("token", "123456", "user", Map.of("email", a.email())))),
                INVALID, "badParam");
    }

    @Test
    void verifySignupShortExpiredCodeAnswersAsAWrongCode() {
        CompatFixtures.Account a = fixtures.user(false);
        SecretPayload s = pending(a);
        fixtures.expire(a.id(), "verify");
        Feathers.badRequest(post(action("verifySignupShort", Map.of("token", s.code(), "user", Map.of("email", a.email())))),
                INVALID, "badParam");
    }

    @Test
    void verifySignupShortUnknownUserAnswersAsAWrongCode() {
        Feathers.badRequest(post(action("verifySignupShort", Map.of("token", "123456", "user",
                Map.of("email", "nobody-" + System.nanoTime() + "@example.com")))), INVALID, "badParam");
    }

    @Test
    @OffContract("an action whose value has the wrong shape")
    void verifySignupShortBadInputIsBadParams() {
        Feathers.badParams(post(action("verifySignupShort", null)), FamErrors.EXPECTED_STRING);
        Feathers.badParams(post(action("verifySignupShort", Map.of("token", 123456, "user", Map.of("email", "a@example.com")))),
                FamErrors.EXPECTED_STRING);
        Feathers.badParams(post(action("verifySignupShort", Map.of("token", "123456"))), FamErrors.USER_INFO_NOT_VALID);
        Feathers.badParams(post(action("verifySignupShort", Map.of("token", "123456", "user", Map.of()))), FamErrors.USER_INFO_NOT_VALID);
        Feathers.badParams(post(action("verifySignupShort", Map.of("token", "123456", "user", Map.of("id", "1")))),
                FamErrors.USER_INFO_NOT_VALID);
        Feathers.badParams(post(action("verifySignupShort", Map.of("token", "123456", "user", Map.of("email", 7)))),
                FamErrors.USER_INFO_NOT_VALID);
        Feathers.badParams(post(action("verifySignupShort", Map.of("token", "123456", "user", Map.of("email", "nope")))),
                FamErrors.USER_INFO_NOT_VALID);
    }

    // ---------------------------------------------------------------- set password variants

    @Test
    void verifySignupSetPasswordLongVerifiesAndSetsThePassword() {
        CompatFixtures.Account a = fixtures.user(false);
        SecretPayload s = pending(a);
        String hash = fixtures.passwordHash(a.id());
        Feathers.user(post(action("verifySignupSetPasswordLong", Map.of("token", s.token(), "password", CompatFixtures.NEW_PASSWORD))), a);
        assertTrue(fixtures.verified(a.id()));
        assertNotEquals(hash, fixtures.passwordHash(a.id()));
        assertEquals(1, fixtures.notifications(a.id(), NotificationType.VERIFY_SIGNUP_SET_PASSWORD));
        CompatFixtures.login(a, CompatFixtures.NEW_PASSWORD);
    }

    @Test
    void verifySignupSetPasswordLongWeakPasswordChangesNothing() {
        CompatFixtures.Account a = fixtures.user(false);
        SecretPayload s = pending(a);
        String before = fixtures.snapshot(a.id());
        Map<String, Object> errors = Feathers.badRequest(post(action("verifySignupSetPasswordLong",
                Map.of("token", s.token(), "password", "short"))), "The password must have at least 8 characters.", "badParams");
        assertEquals("The password must have at least 8 characters.", errors.get("password"));
        assertEquals(before, fixtures.snapshot(a.id()));
        post(action("verifySignupSetPasswordLong", Map.of("token", s.token(), "password", CompatFixtures.NEW_PASSWORD)))
                .then().statusCode(201);
    }

    /** Issue 14 item 5: verifySignupLong/Short verified an invitation without a password. */
    @Test
    void anInvitationNeedsTheSetPasswordVariants() {
        CompatFixtures.Account a = fixtures.user(false);
        Sql.update("update users set password_hash = null where id = ?", a.id());
        SecretPayload s = pending(a);
        Map<String, Object> errors = Feathers.badRequest(post(action("verifySignupLong", s.token())),
                "This account was created by invitation: choose a password to verify it.", "badParams");
        assertEquals("This account was created by invitation: choose a password to verify it.", errors.get("password"));
        Feathers.badRequest(post(action("verifySignupShort", Map.of("token", s.code(), "user", Map.of("email", a.email())))),
                "This account was created by invitation: choose a password to verify it.", "badParams");
        assertFalse(fixtures.verified(a.id()));
        Feathers.user(post(action("verifySignupSetPasswordLong", Map.of("token", s.token(), "password", CompatFixtures.NEW_PASSWORD))), a);
        CompatFixtures.login(a, CompatFixtures.NEW_PASSWORD);
    }

    @Test
    @OffContract("missing fields")
    void verifySignupSetPasswordLongMissingFieldsAreExpectedString() {
        Feathers.badParams(post(action("verifySignupSetPasswordLong", Map.of("token", "a.b"))), FamErrors.EXPECTED_STRING);
        Feathers.badParams(post(action("verifySignupSetPasswordLong", Map.of("password", "long enough 1"))), FamErrors.EXPECTED_STRING);
        Feathers.badParams(post(action("verifySignupSetPasswordLong", null)), FamErrors.EXPECTED_STRING);
    }

    @Test
    void verifySignupSetPasswordShortVerifiesAndSetsThePassword() {
        CompatFixtures.Account a = fixtures.user(false);
        SecretPayload s = pending(a);
        Feathers.user(post(action("verifySignupSetPasswordShort", Map.of("token", s.code(), "user", Map.of("email", a.email()),
                "password", CompatFixtures.NEW_PASSWORD))), a);
        CompatFixtures.login(a, CompatFixtures.NEW_PASSWORD);
    }

    @Test
    @OffContract("an action whose value has the wrong shape")
    void verifySignupSetPasswordShortChecksStringsBeforeTheUser() {
        Feathers.badParams(post(action("verifySignupSetPasswordShort", Map.of("token", "123456", "user", "x"))), FamErrors.EXPECTED_STRING);
        Feathers.badParams(post(action("verifySignupSetPasswordShort", Map.of("token", "123456", "password", "long enough 1"))),
                FamErrors.USER_INFO_NOT_VALID);
    }
}
