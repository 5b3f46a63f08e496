package io.countersign.testing;

import java.util.Locale;
import java.util.Map;

import io.countersign.captcha.CaptchaProvider;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;

/**
 * Points the captcha's site-verify calls at {@link CaptchaStub#shared(CaptchaProvider)}, with its keys: provider
 * turnstile, or the one named by the init argument {@code provider} ({@code recaptcha-v3}...).
 */
public class CaptchaStubResource implements QuarkusTestResourceLifecycleManager {

    private CaptchaProvider provider = CaptchaProvider.TURNSTILE;

    @Override
    public void init(Map<String, String> args) {
        if (args.containsKey("provider")) {
            provider = CaptchaProvider.valueOf(args.get("provider").toUpperCase(Locale.ROOT).replace('-', '_'));
        }
    }

    @Override
    public Map<String, String> start() {
        return Map.of("countersign.captcha.provider", provider.wireName(),
                "countersign.captcha.site-key", CaptchaStub.SITE_KEY,
                "countersign.captcha.secret", CaptchaStub.SECRET,
                "countersign.captcha.verify-url", CaptchaStub.shared(provider).url());
    }

    @Override
    public void stop() {
        // the stub lives as long as the JVM
    }
}
