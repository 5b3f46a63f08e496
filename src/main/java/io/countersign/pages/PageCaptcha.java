package io.countersign.pages;

import io.countersign.captcha.CaptchaProvider;
import jakarta.ws.rs.FormParam;

/**
 * The captcha fields a guarded page form may carry: each provider's widget adds its own ({@code cf-turnstile-response},
 * {@code h-captcha-response}, {@code g-recaptcha-response}; for reCAPTCHA v3 pages.js fills the last one).
 */
public class PageCaptcha {

    @FormParam("cf-turnstile-response")
    String turnstile;

    @FormParam("h-captcha-response")
    String hcaptcha;

    @FormParam("g-recaptcha-response")
    String recaptcha;

    /** The configured provider's field; null when it is absent. */
    String response(CaptchaProvider provider) {
        return switch (provider) {
            case TURNSTILE -> turnstile;
            case HCAPTCHA -> hcaptcha;
            case RECAPTCHA_V2, RECAPTCHA_V3 -> recaptcha;
            case NONE -> null;
        };
    }
}
