package io.countersign.event;

/**
 * Who a notification goes to and how to address them.
 *
 * @param email            email address, or null
 * @param phone            E.164 phone number, or null
 * @param preferredChannel {@code email} or {@code sms}
 * @param locale           BCP 47 language tag, e.g. {@code en} or {@code de}
 * @param displayName      name to greet the user with, or null
 */
public record Recipient(String email, String phone, String preferredChannel, String locale, String displayName) {
}
