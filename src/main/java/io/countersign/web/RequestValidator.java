package io.countersign.web;

import java.util.Set;

import io.countersign.error.ErrorCode;
import io.countersign.error.FlowException;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.validation.ConstraintViolation;
import jakarta.validation.ConstraintViolationException;
import jakarta.validation.Validator;

/**
 * Validates request bodies explicitly at the top of each resource method, so that the bounds on the request records
 * hold whatever the interceptor wiring (records, Uni return types) does.
 */
@ApplicationScoped
public class RequestValidator {

    private final Validator validator;

    public RequestValidator(Validator validator) {
        this.validator = validator;
    }

    /** @return the body, valid; otherwise throws (mapped to 400 {@code invalid_request}) */
    public <T> T check(T body) {
        if (body == null) {
            throw new FlowException(ErrorCode.INVALID_REQUEST, "A JSON object body is required.");
        }
        Set<ConstraintViolation<T>> violations = validator.validate(body);
        if (!violations.isEmpty()) {
            throw new ConstraintViolationException(violations);
        }
        return body;
    }
}
