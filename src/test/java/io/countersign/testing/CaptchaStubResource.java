package io.countersign.testing;

import java.util.Map;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;

/** Points the captcha's site-verify calls (provider turnstile) at {@link CaptchaStub#shared()}, with its keys. */
public class CaptchaStubResource implements QuarkusTestResourceLifecycleManager {

    @Override
    public Map<String, String> start() {
        return Map.of("countersign.captcha.provider", "turnstile",
                "countersign.captcha.site-key", CaptchaStub.SITE_KEY,
                "countersign.captcha.secret", CaptchaStub.SECRET,
                "countersign.captcha.verify-url", CaptchaStub.shared().url());
    }

    @Override
    public void stop() {
        // the stub lives as long as the JVM
    }
}
