package io.countersign.notifier;

import io.countersign.notifier.sms.SmsGuard;

/**
 * Why a routed notification is not sent, on purpose: an undeliverable e-mail address ({@link Suppressions}) or a
 * refusal of the SMS guard.
 *
 * @param reason  the lifecycle's reason, e.g. {@code undeliverable: hard_bounce} or {@code sms guard: country}
 * @param outcome for the log and {@code processed_events}, e.g. {@code skipped:undeliverable}
 * @param guard   the SMS guard's refusal (audited), or null
 */
record Suppression(String reason, String outcome, SmsGuard.Refusal guard) {

    static Suppression undeliverable(String why) {
        return new Suppression("undeliverable: " + why, Suppressions.SKIPPED, null);
    }

    static Suppression guard(SmsGuard.Refusal refusal) {
        return new Suppression("sms guard: " + refusal.tag(), "skipped:sms-guard:" + refusal.tag(), refusal);
    }
}
