package io.countersign.compat;

import static io.countersign.compat.CompatFixtures.action;
import static io.countersign.compat.CompatFixtures.post;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import java.util.Map;

import org.junit.jupiter.api.Test;

import io.countersign.testing.OffContract;
import io.countersign.event.NotificationType;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;

/** passwordChange: the caller's own account only (Bearer token), proving the current password. */
@QuarkusTest
class PasswordChangeTest {

    @Inject
    CompatFixtures fixtures;

    private static Map<String, Object> change(CompatFixtures.Account a, String oldPassword, String password) {
        return action("passwordChange", Map.of("user", Map.of("email", a.email()), "oldPassword", oldPassword, "password", password));
    }

    /**
     * Issue 14 item 6: the stock Feathers client was logged out by its own passwordChange (its next call failed
     * NotAuthenticated). Its token keeps working; the account's other sessions end.
     */
    @Test
    void passwordChangeSetsThePasswordKeepsTheCallersTokenAndEndsOtherSessions() {
        CompatFixtures.Account a = fixtures.user(true);
        String access = CompatFixtures.login(a, CompatFixtures.PASSWORD);
        String elsewhere = CompatFixtures.login(a, CompatFixtures.PASSWORD);
        String hash = fixtures.passwordHash(a.id());
        Feathers.user(post(access, change(a, CompatFixtures.PASSWORD, CompatFixtures.NEW_PASSWORD)), a);
        assertNotEquals(hash, fixtures.passwordHash(a.id()));
        assertEquals(1, fixtures.notifications(a.id(), NotificationType.PASSWORD_CHANGE));
        Feathers.notAuthenticated(post(elsewhere, change(a, CompatFixtures.NEW_PASSWORD, "yet another passphrase")));
        // the client's next call, with the token it already has
        Feathers.user(post(access, change(a, CompatFixtures.NEW_PASSWORD, "yet another passphrase")), a);
        CompatFixtures.login(a, "yet another passphrase");
    }

    @Test
    void passwordChangeWithoutAccessTokenIsNotAuthenticated() {
        CompatFixtures.Account a = fixtures.user(true);
        String before = fixtures.snapshot(a.id());
        Feathers.notAuthenticated(post(change(a, CompatFixtures.PASSWORD, CompatFixtures.NEW_PASSWORD)));
        Feathers.notAuthenticated(post("not.a.jwt", change(a, CompatFixtures.PASSWORD, CompatFixtures.NEW_PASSWORD)));
        assertEquals(before, fixtures.snapshot(a.id()));
    }

    @Test
    void passwordChangeForAnotherUsersIdentityIsForbidden() {
        CompatFixtures.Account caller = fixtures.user(true);
        CompatFixtures.Account victim = fixtures.user(true);
        String access = CompatFixtures.login(caller, CompatFixtures.PASSWORD);
        String before = fixtures.snapshot(victim.id());
        String callerBefore = fixtures.snapshot(caller.id());
        Feathers.error(post(access, change(victim, CompatFixtures.PASSWORD, CompatFixtures.NEW_PASSWORD)), 403, "Forbidden",
                "forbidden", null);
        assertEquals(before, fixtures.snapshot(victim.id()));
        assertEquals(callerBefore, fixtures.snapshot(caller.id()));
    }

    @Test
    void passwordChangeWrongCurrentPasswordIsRefusedAndChangesNothing() {
        CompatFixtures.Account a = fixtures.user(true);
        String access = CompatFixtures.login(a, CompatFixtures.PASSWORD);
        String before = fixtures.snapshot(a.id());
        Map<String, Object> errors = Feathers.badRequest(post(access, change(a, "wrong password", CompatFixtures.NEW_PASSWORD)),
                "Current password is incorrect.", null);
        assertEquals(Map.of("oldPassword", "Current password is incorrect."), errors);
        assertEquals(before, fixtures.snapshot(a.id()));
    }

    @Test
    void passwordChangeWeakNewPasswordIsBadParams() {
        CompatFixtures.Account a = fixtures.user(true);
        String access = CompatFixtures.login(a, CompatFixtures.PASSWORD);
        String before = fixtures.snapshot(a.id());
        Feathers.badRequest(post(access, change(a, CompatFixtures.PASSWORD, "short")), "The password must have at least 8 characters.",
                "badParams");
        assertEquals(before, fixtures.snapshot(a.id()));
    }

    @Test
    @OffContract("an action whose value has the wrong shape")
    void passwordChangeBadInputIsBadParams() {
        CompatFixtures.Account a = fixtures.user(true);
        String access = CompatFixtures.login(a, CompatFixtures.PASSWORD);
        Feathers.badParams(post(access, action("passwordChange", null)), FamErrors.EXPECTED_STRING);
        Feathers.badParams(post(access, action("passwordChange", Map.of("user", Map.of("email", a.email()), "password", "long enough 1"))),
                FamErrors.EXPECTED_STRING);
        Feathers.badParams(post(access, action("passwordChange", Map.of("oldPassword", CompatFixtures.PASSWORD, "password", "long enough 1"))),
                FamErrors.USER_INFO_NOT_VALID);
        Feathers.badParams(post(access, action("passwordChange", Map.of("user", Map.of("password", "x"), "oldPassword",
                CompatFixtures.PASSWORD, "password", "long enough 1"))), FamErrors.USER_INFO_NOT_VALID);
    }
}
