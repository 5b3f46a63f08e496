package io.countersign.captcha;

import java.util.List;
import java.util.Map;

import io.countersign.testing.CaptchaStubResource;
import io.quarkus.test.junit.QuarkusTestProfile;

/**
 * Turnstile guards sign-up, forgot and resend on every surface (the site-verify stub {@link io.countersign.testing.CaptchaStub}),
 * with a short timeout; the self-service process {@code captcha-reset} starts with the captcha stage.
 */
public class CaptchaProfile implements QuarkusTestProfile {

    static final String PROCESS = "captcha-reset";

    @Override
    public Map<String, String> getConfigOverrides() {
        return Map.of("countersign.captcha.timeout", "1s",
                "countersign.selfservice.processes." + PROCESS + ".stages", "captcha,userQuery,validateActiveAccount,emailValidation,resetStage");
    }

    @Override
    public List<TestResourceEntry> testResources() {
        return List.of(new TestResourceEntry(CaptchaStubResource.class));
    }
}
