package io.countersign.captcha;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;

/**
 * The captcha providers, each with its documented site-verify URL, the form field its widget adds to a form, the
 * script that renders the widget, and the origins that script and its frames load from (for the pages' CSP).
 */
public enum CaptchaProvider {

    NONE(null, null, null, null, List.of(), List.of(), false),
    /** Cloudflare Turnstile. */
    TURNSTILE("https://challenges.cloudflare.com/turnstile/v0/siteverify", "cf-turnstile-response",
            "https://challenges.cloudflare.com/turnstile/v0/api.js", "cf-turnstile",
            List.of("https://challenges.cloudflare.com"), List.of("https://challenges.cloudflare.com"), false),
    /** hCaptcha; its widget also loads styles and calls its API from the page. */
    HCAPTCHA("https://api.hcaptcha.com/siteverify", "h-captcha-response", "https://js.hcaptcha.com/1/api.js", "h-captcha",
            List.of("https://hcaptcha.com", "https://*.hcaptcha.com"), List.of("https://hcaptcha.com", "https://*.hcaptcha.com"),
            true),
    /** Google reCAPTCHA v2 (the checkbox). */
    RECAPTCHA_V2("https://www.google.com/recaptcha/api/siteverify", "g-recaptcha-response", "https://www.google.com/recaptcha/api.js",
            "g-recaptcha", List.of("https://www.google.com/recaptcha/", "https://www.gstatic.com/recaptcha/"),
            List.of("https://www.google.com/recaptcha/", "https://recaptcha.google.com/recaptcha/"), false),
    /** Google reCAPTCHA v3 (a score, no widget; the page asks for a token when the form is sent). */
    RECAPTCHA_V3("https://www.google.com/recaptcha/api/siteverify", "g-recaptcha-response", "https://www.google.com/recaptcha/api.js",
            null, List.of("https://www.google.com/recaptcha/", "https://www.gstatic.com/recaptcha/"),
            List.of("https://www.google.com/recaptcha/", "https://recaptcha.google.com/recaptcha/"), false);

    private final String verifyUrl;
    private final String formField;
    private final String script;
    private final String widgetClass;
    private final List<String> scriptOrigins;
    private final List<String> frameOrigins;
    private final boolean stylesAndCalls;

    CaptchaProvider(String verifyUrl, String formField, String script, String widgetClass, List<String> scriptOrigins,
            List<String> frameOrigins, boolean stylesAndCalls) {
        this.verifyUrl = verifyUrl;
        this.formField = formField;
        this.script = script;
        this.widgetClass = widgetClass;
        this.scriptOrigins = scriptOrigins;
        this.frameOrigins = frameOrigins;
        this.stylesAndCalls = stylesAndCalls;
    }

    /** The documented site-verify URL. */
    public String defaultVerifyUrl() {
        return verifyUrl;
    }

    /** The form field the widget fills with its token ({@code cf-turnstile-response}, ...). */
    public String formField() {
        return formField;
    }

    /** The widget script for this site key (reCAPTCHA v3 names the key in the script's address). */
    public String script(String siteKey) {
        return this == RECAPTCHA_V3 ? script + "?render=" + URLEncoder.encode(siteKey, StandardCharsets.UTF_8)
                : script;
    }

    /** The class of the element the script turns into a widget; null for reCAPTCHA v3, which shows none. */
    public String widgetClass() {
        return widgetClass;
    }

    /** Where the script and what it loads come from (CSP {@code script-src}). */
    public List<String> scriptOrigins() {
        return scriptOrigins;
    }

    /** Where the widget's frames come from (CSP {@code frame-src}). */
    public List<String> frameOrigins() {
        return frameOrigins;
    }

    /** The widget also needs {@code style-src} and {@code connect-src} for these origins (hCaptcha). */
    public boolean needsStylesAndCalls() {
        return stylesAndCalls;
    }

    /** The configuration name ({@code recaptcha-v3}). */
    public String wireName() {
        return name().toLowerCase(Locale.ROOT).replace('_', '-');
    }
}
