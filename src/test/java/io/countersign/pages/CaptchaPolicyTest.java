package io.countersign.pages;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.Optional;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import io.countersign.captcha.CaptchaProvider;

/**
 * The pages' Content-Security-Policy with each captcha provider: the provider's script and frame origins (hCaptcha also
 * style and connect), and no other provider's; without a provider the strict policy is unchanged.
 */
class CaptchaPolicyTest {

    private static final String STRICT = "default-src 'none'; style-src 'self'; script-src 'self'; img-src 'self'; "
            + "form-action 'self'; frame-ancestors 'none'; base-uri 'none'";

    @ParameterizedTest
    @EnumSource(CaptchaProvider.class)
    void thePolicyNamesOnlyTheChosenProvider(CaptchaProvider provider) {
        String policy = PageHeaders.policy(settings(), provider);
        switch (provider) {
            case NONE -> assertThat(policy).isEqualTo(STRICT);
            case TURNSTILE -> assertThat(policy).isEqualTo("default-src 'none'; style-src 'self'; script-src 'self' "
                    + "https://challenges.cloudflare.com; img-src 'self'; frame-src https://challenges.cloudflare.com; "
                    + "form-action 'self'; frame-ancestors 'none'; base-uri 'none'");
            case HCAPTCHA -> assertThat(policy).isEqualTo("default-src 'none'; style-src 'self' https://hcaptcha.com "
                    + "https://*.hcaptcha.com; script-src 'self' https://hcaptcha.com https://*.hcaptcha.com; img-src 'self'; "
                    + "connect-src https://hcaptcha.com https://*.hcaptcha.com; frame-src https://hcaptcha.com "
                    + "https://*.hcaptcha.com; form-action 'self'; frame-ancestors 'none'; base-uri 'none'");
            case RECAPTCHA_V2, RECAPTCHA_V3 -> assertThat(policy).isEqualTo("default-src 'none'; style-src 'self'; script-src "
                    + "'self' https://www.google.com/recaptcha/ https://www.gstatic.com/recaptcha/; img-src 'self'; frame-src "
                    + "https://www.google.com/recaptcha/ https://recaptcha.google.com/recaptcha/; form-action 'self'; "
                    + "frame-ancestors 'none'; base-uri 'none'");
        }
        // the widget script of the provider is allowed by its own policy
        if (provider != CaptchaProvider.NONE) {
            String script = provider.script("site-key");
            assertThat(provider.scriptOrigins()).anyMatch(o -> script.startsWith(o.replace("*.", "js.")) || script.startsWith(o));
        }
    }

    private static PagesConfig settings() {
        return new PagesConfig() {
            public String productName() {
                return "Countersign";
            }

            public Optional<String> logoUrl() {
                return Optional.empty();
            }

            public String accentColor() {
                return "#1f4fd1";
            }

            public Duration linkCookieLifetime() {
                return Duration.ofMinutes(15);
            }

            public String defaultLanguage() {
                return "en";
            }
        };
    }
}
