package io.countersign.api;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import jakarta.validation.Validator;

@QuarkusTest
class RequestBoundsTest {

    @Inject
    Validator validator;

    @Test
    void oversizedFieldsViolateTheRequestBounds() {
        var body = new Requests.SignUp("a".repeat(5000), null, null, "p".repeat(600), null, null, null, null, null);
        assertThat(validator.validate(body)).extracting(v -> v.getPropertyPath().toString())
                .containsExactlyInAnyOrder("email", "password");
    }
}
