package io.countersign.selfservice;

import io.countersign.flow.PasswordResetService;
import io.countersign.flow.VerificationService;
import io.countersign.security.RateLimiter;
import jakarta.inject.Singleton;

/** smsValidation: the code goes by sms (see {@link AddressValidationStage}). */
@Singleton
public class SmsValidationStage extends AddressValidationStage {

    public SmsValidationStage(PasswordResetService reset, VerificationService verification, RateLimiter limits) {
        super(reset, verification, limits);
    }

    @Override
    public String type() {
        return "smsValidation";
    }

    @Override
    String channel() {
        return "sms";
    }
}
