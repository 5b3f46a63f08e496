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

/** resendVerifySignup with enumeration protection on (the default): always {@code 201 {}}. */
@QuarkusTest
class ResendVerifySignupTest {

    @Inject
    CompatFixtures fixtures;

    @Test
    void unverifiedAccountGetsANewVerificationAndTheAnswerIsEmpty() {
        CompatFixtures.Account a = fixtures.user(false);
        assertEquals(Map.of(), Feathers.json(post(action("resendVerifySignup", Map.of("email", a.email()))), 201));
        assertEquals(1, fixtures.notifications(a.id(), NotificationType.RESEND_VERIFY_SIGNUP));
        assertEquals(5, fixtures.attemptsLeft(a.id(), "verify"));
    }

    @Test
    void unknownAndVerifiedAccountsGetTheSameAnswerAndNothingIsSent() {
        CompatFixtures.Account verified = fixtures.user(true);
        assertEquals(Map.of(), Feathers.json(post(action("resendVerifySignup", Map.of("email", verified.email()))), 201));
        assertEquals(Map.of(), Feathers.json(post(action("resendVerifySignup",
                Map.of("email", "nobody-" + System.nanoTime() + "@example.com"))), 201));
        assertEquals(0, fixtures.notifications(verified.id()));
    }

    @Test
    void aSecondRequestWithinTheCooldownSendsNothingMore() {
        CompatFixtures.Account a = fixtures.user(false);
        post(action("resendVerifySignup", Map.of("email", a.email()))).then().statusCode(201);
        post(action("resendVerifySignup", Map.of("email", a.email()))).then().statusCode(201);
        assertEquals(1, fixtures.notifications(a.id(), NotificationType.RESEND_VERIFY_SIGNUP));
    }

    @Test
    void resendByAnEarlierVerifyTokenIssuesANewOne() {
        CompatFixtures.Account a = fixtures.user(false);
        post(action("resendVerifySignup", Map.of("email", a.email()))).then().statusCode(201);
        SecretPayload first = fixtures.secret(a.id(), NotificationType.RESEND_VERIFY_SIGNUP);
        fixtures.age(a.id(), "verify");
        assertEquals(Map.of(), Feathers.json(post(action("resendVerifySignup", Map.of("verifyToken", first.token()))), 201));
        SecretPayload second = fixtures.secret(a.id(), NotificationType.RESEND_VERIFY_SIGNUP);
        assertNotEquals(first.token(), second.token());
        Feathers.badRequest(post(action("verifySignupLong", first.token())), FamErrors.INVALID_TOKEN, "invalidToken");
        Feathers.user(post(action("verifySignupLong", second.token())), a);
    }

    @Test
    void resendByPhoneOrUsernameWorksToo() {
        CompatFixtures.Account a = fixtures.user(false);
        post(action("resendVerifySignup", Map.of("username", a.username().toUpperCase(), "phone", a.phone()))).then().statusCode(201);
        assertEquals(1, fixtures.notifications(a.id(), NotificationType.RESEND_VERIFY_SIGNUP));
    }

    @Test
    void resendByVerifyShortTokenAloneFindsNoAccount() {
        Feathers.json(post(action("resendVerifySignup", Map.of("verifyShortToken", "123456"))), 201);
    }

    @Test
    @OffContract("an action whose value has the wrong shape")
    void badInputIsBadParamsAndSendsNothing() {
        CompatFixtures.Account a = fixtures.user(false);
        Feathers.badParams(post(action("resendVerifySignup", null)), FamErrors.USER_INFO_NOT_VALID);
        Feathers.badParams(post(action("resendVerifySignup", Map.of())), FamErrors.USER_INFO_NOT_VALID);
        Feathers.badParams(post(action("resendVerifySignup", a.email())), FamErrors.USER_INFO_NOT_VALID);
        Feathers.badParams(post(action("resendVerifySignup", Map.of("email", a.email(), "isVerified", "false"))),
                FamErrors.USER_INFO_NOT_VALID);
        Feathers.badParams(post(action("resendVerifySignup", Map.of("email", 12))), FamErrors.USER_INFO_NOT_VALID);
        Feathers.badParams(post(action("resendVerifySignup", Map.of("email", "not-an-email"))), FamErrors.USER_INFO_NOT_VALID);
        Feathers.badParams(post(action("resendVerifySignup", Map.of("verifyToken", "garbage"))), "Token is not in the correct format.");
        Map<String, Object> body = action("resendVerifySignup", Map.of("email", a.email()));
        body.put("notifierOptions", Map.of("nested", Map.of("a", 1)));
        Feathers.json(post(body), 400);
        assertEquals(0, fixtures.notifications(a.id()));
    }
}
