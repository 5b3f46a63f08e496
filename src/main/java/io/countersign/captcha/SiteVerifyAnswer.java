package io.countersign.captcha;

import java.util.List;

/**
 * What a provider's site-verify API answered: {@code success}, {@code error-codes}, and where the provider sends them
 * {@code score} and {@code action} (reCAPTCHA v3; hCaptcha Enterprise scores, Turnstile names actions) and
 * {@code hostname}.
 */
record SiteVerifyAnswer(boolean success, List<String> errorCodes, Double score, String action, String hostname) {
}
