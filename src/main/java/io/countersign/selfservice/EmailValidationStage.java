package io.countersign.selfservice;

import io.countersign.flow.PasswordResetService;
import io.countersign.flow.VerificationService;
import io.countersign.security.RateLimiter;
import jakarta.inject.Singleton;

/** emailValidation: the code goes by email (see {@link AddressValidationStage}). */
@Singleton
public class EmailValidationStage extends AddressValidationStage {

    public EmailValidationStage(PasswordResetService reset, VerificationService verification, RateLimiter limits) {
        super(reset, verification, limits);
    }

    @Override
    public String type() {
        return "emailValidation";
    }

    @Override
    String channel() {
        return "email";
    }
}
