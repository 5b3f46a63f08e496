package io.countersign.compat;

import static io.countersign.compat.CompatFixtures.action;
import static io.countersign.compat.CompatFixtures.post;
import static org.hamcrest.Matchers.emptyString;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;

import org.junit.jupiter.api.Test;

import io.countersign.testing.OffContract;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;

/** checkUnique: 204 when every value is free, 400 "Values already taken." naming each taken field. */
@QuarkusTest
class CheckUniqueTest {

    @Inject
    CompatFixtures fixtures;

    @Test
    void freeValuesAnswer204WithAnEmptyBody() {
        post(action("checkUnique", Map.of("email", "nobody-" + System.nanoTime() + "@example.com", "username", "free_" + System.nanoTime())))
                .then().statusCode(204).body(emptyString());
    }

    @Test
    void takenEmailAnswersValuesAlreadyTakenWithPerFieldErrors() {
        CompatFixtures.Account a = fixtures.user(true);
        Map<String, Object> value = new LinkedHashMap<>();
        value.put("email", a.email());
        value.put("username", "free_" + System.nanoTime());
        Map<String, Object> errors = Feathers.badRequest(post(action("checkUnique", value)), "Values already taken.", null);
        assertEquals(Map.of("email", "Already taken."), errors);
    }

    @Test
    void everyTakenFieldIsNamed() {
        CompatFixtures.Account a = fixtures.user(false);
        Map<String, Object> errors = Feathers.badRequest(post(action("checkUnique",
                Map.of("email", a.email(), "phone", a.phone(), "username", a.username()))), "Values already taken.", null);
        assertEquals(Map.of("email", "Already taken.", "phone", "Already taken.", "username", "Already taken."), errors);
    }

    @Test
    void valuesAreComparedAsStoredEmailAndUsernameIgnoringCase() {
        CompatFixtures.Account a = fixtures.user(true);
        Map<String, Object> errors = Feathers.badRequest(post(action("checkUnique",
                Map.of("email", "  " + a.email().toUpperCase() + " ", "username", a.username().toUpperCase()))),
                "Values already taken.", null);
        assertEquals(Map.of("email", "Already taken.", "username", "Already taken."), errors);
    }

    @Test
    void nullValuesAreIgnored() {
        Map<String, Object> value = new HashMap<>();
        value.put("email", null);
        post(action("checkUnique", value)).then().statusCode(204);
    }

    @Test
    void emptyValueAnswers204() {
        post(action("checkUnique", Map.of())).then().statusCode(204);
    }

    @Test
    void ownIdExcludesTheCallersOwnAccount() {
        CompatFixtures.Account a = fixtures.user(true);
        Map<String, Object> body = action("checkUnique", Map.of("email", a.email()));
        body.put("ownId", a.id().toString());
        post(body).then().statusCode(204);
    }

    @Test
    void noErrMsgAnswersWithoutTheMessage() {
        CompatFixtures.Account a = fixtures.user(true);
        Map<String, Object> body = action("checkUnique", Map.of("email", a.email()));
        body.put("meta", Map.of("noErrMsg", true));
        assertEquals(Map.of("email", "Already taken."), Feathers.badRequest(post(body), "Error", null));
    }

    @Test
    @OffContract("a non-string value")
    void nonStringValueIsExpectedString() {
        Feathers.badParams(post(action("checkUnique", Map.of("email", 5))), FamErrors.EXPECTED_STRING);
        Feathers.badParams(post(action("checkUnique", Map.of("email", Map.of("$ne", "x")))), FamErrors.EXPECTED_STRING);
    }

    @Test
    @OffContract("a missing or non-object value")
    void missingOrNonObjectValueIsBadParamsNotServerError() {
        Feathers.badParams(post(action("checkUnique", null)), FamErrors.USER_INFO_NOT_VALID);
        Feathers.badParams(post(action("checkUnique", "a@example.com")), FamErrors.USER_INFO_NOT_VALID);
    }

    @Test
    void fieldThatCannotIdentifyAUserIsUserInfoNotValid() {
        Map<String, Object> errors = Feathers.badRequest(post(action("checkUnique", Map.of("password", "x"))),
                FamErrors.USER_INFO_NOT_VALID, "badParams");
        assertEquals(Map.of("password", "'password' cannot identify a user.", "$className", "badParams"), errors);
    }

    @Test
    void malformedEmailIsUserInfoNotValidNamingTheField() {
        Map<String, Object> errors = Feathers.badRequest(post(action("checkUnique", Map.of("email", "not-an-email"))),
                FamErrors.USER_INFO_NOT_VALID, "badParams");
        assertEquals("email is not a valid address.", errors.get("email"));
        Feathers.badParams(post(action("checkUnique", Map.of("email", "a".repeat(20_000) + "@example.com"))),
                FamErrors.USER_INFO_NOT_VALID);
    }

    @Test
    @OffContract("an ownId that is no UUID")
    void ownIdThatIsNoUserIdIsBadParams() {
        Map<String, Object> body = action("checkUnique", Map.of("email", "x@example.com"));
        body.put("ownId", 42);
        Feathers.badParams(post(body), "ownId is not a valid user id.");
    }
}
