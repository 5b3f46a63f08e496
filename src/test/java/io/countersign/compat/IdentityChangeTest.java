package io.countersign.compat;

import static io.countersign.compat.CompatFixtures.action;
import static io.countersign.compat.CompatFixtures.post;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Map;

import org.junit.jupiter.api.Test;

import io.countersign.testing.OffContract;
import io.countersign.event.NotificationType;
import io.countersign.event.SecretPayload;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;

/**
 * identityChange, then its confirmation with verifySignupLong/Short as in the reference; the old address gets a
 * revert link (docs/compat.md difference 6).
 */
@QuarkusTest
class IdentityChangeTest {

    @Inject
    CompatFixtures fixtures;

    private static Map<String, Object> change(CompatFixtures.Account a, String password, Map<String, Object> changes) {
        return action("identityChange", Map.of("user", Map.of("email", a.email()), "password", password, "changes", changes));
    }

    private static String freshEmail() {
        return "new-" + System.nanoTime() + "@example.com";
    }

    @Test
    void identityChangeHoldsTheNewEmailUntilConfirmedByLongToken() {
        CompatFixtures.Account a = fixtures.user(true);
        String access = CompatFixtures.login(a, CompatFixtures.PASSWORD);
        String newEmail = freshEmail();
        Map<String, Object> user = Feathers.user(post(access, change(a, CompatFixtures.PASSWORD, Map.of("email", newEmail))), a);
        assertEquals(a.email(), user.get("email"));
        assertEquals(a.email(), fixtures.email(a.id()));
        SecretPayload s = fixtures.secret(a.id(), NotificationType.IDENTITY_CHANGE);

        Map<String, Object> confirmed = Feathers.user(post(action("verifySignupLong", s.token())), a);
        assertEquals(newEmail, confirmed.get("email"));
        assertEquals(newEmail, fixtures.email(a.id()));
        assertEquals(1, fixtures.notifications(a.id(), NotificationType.IDENTITY_CHANGE_REVERT));
    }

    @Test
    void identityChangeConfirmedByShortCodeWithTheCurrentIdentity() {
        CompatFixtures.Account a = fixtures.user(true);
        String access = CompatFixtures.login(a, CompatFixtures.PASSWORD);
        String newEmail = freshEmail();
        post(access, change(a, CompatFixtures.PASSWORD, Map.of("email", newEmail))).then().statusCode(201);
        SecretPayload s = fixtures.secret(a.id(), NotificationType.IDENTITY_CHANGE);
        Map<String, Object> confirmed = Feathers.user(post(action("verifySignupShort",
                Map.of("token", s.code(), "user", Map.of("email", a.email())))), a);
        assertEquals(newEmail, confirmed.get("email"));
    }

    @Test
    void identityChangeToATakenEmailIsValuesAlreadyTaken() {
        CompatFixtures.Account a = fixtures.user(true);
        CompatFixtures.Account other = fixtures.user(true);
        String access = CompatFixtures.login(a, CompatFixtures.PASSWORD);
        String before = fixtures.snapshot(a.id());
        Map<String, Object> errors = Feathers.badRequest(post(access, change(a, CompatFixtures.PASSWORD,
                Map.of("email", other.email()))), "Values already taken.", "badParams");
        assertEquals("Already taken.", errors.get("email"));
        assertEquals(before, fixtures.snapshot(a.id()));
    }

    @Test
    void identityChangeWrongPasswordIsPasswordIncorrect() {
        CompatFixtures.Account a = fixtures.user(true);
        String access = CompatFixtures.login(a, CompatFixtures.PASSWORD);
        String before = fixtures.snapshot(a.id());
        Map<String, Object> errors = Feathers.badRequest(post(access, change(a, "wrong password", Map.of("email", freshEmail()))),
                "Password is incorrect.", "badParams");
        assertEquals("Password is incorrect.", errors.get("password"));
        assertEquals(before, fixtures.snapshot(a.id()));
    }

    @Test
    void identityChangeNeedsTheCallersOwnAccessToken() {
        CompatFixtures.Account a = fixtures.user(true);
        CompatFixtures.Account other = fixtures.user(true);
        String before = fixtures.snapshot(a.id());
        Feathers.notAuthenticated(post(change(a, CompatFixtures.PASSWORD, Map.of("email", freshEmail()))));
        String otherAccess = CompatFixtures.login(other, CompatFixtures.PASSWORD);
        Feathers.error(post(otherAccess, change(a, CompatFixtures.PASSWORD, Map.of("email", freshEmail()))), 403, "Forbidden",
                "forbidden", null);
        assertEquals(before, fixtures.snapshot(a.id()));
    }

    @Test
    @OffContract("an action whose value has the wrong shape")
    void identityChangeBadChangesAreBadParams() {
        CompatFixtures.Account a = fixtures.user(true);
        String access = CompatFixtures.login(a, CompatFixtures.PASSWORD);
        String before = fixtures.snapshot(a.id());
        Feathers.badParams(post(access, action("identityChange", Map.of("user", Map.of("email", a.email()), "password",
                CompatFixtures.PASSWORD))), FamErrors.USER_INFO_NOT_VALID);
        Feathers.badParams(post(access, change(a, CompatFixtures.PASSWORD, Map.of())), FamErrors.USER_INFO_NOT_VALID);
        Feathers.badParams(post(access, change(a, CompatFixtures.PASSWORD, Map.of("isVerified", "true"))), FamErrors.USER_INFO_NOT_VALID);
        Feathers.badParams(post(access, change(a, CompatFixtures.PASSWORD, Map.of("email", 1))), FamErrors.USER_INFO_NOT_VALID);
        Feathers.badParams(post(access, change(a, CompatFixtures.PASSWORD, Map.of("email", "not-an-email"))), FamErrors.USER_INFO_NOT_VALID);
        Feathers.badParams(post(access, action("identityChange", null)), FamErrors.USER_INFO_NOT_VALID);
        Map<String, Object> errors = Feathers.badRequest(post(access, change(a, CompatFixtures.PASSWORD,
                Map.of("username", "new_name"))), "Only email and phone can be changed here.", "badParams");
        assertEquals("Only email and phone can be changed here.", errors.get("username"));
        Feathers.badRequest(post(access, change(a, CompatFixtures.PASSWORD, Map.of("email", a.email()))),
                "The new values equal the current ones.", "badParams");
        assertEquals(before, fixtures.snapshot(a.id()));
    }
}
