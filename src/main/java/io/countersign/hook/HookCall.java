package io.countersign.hook;

import java.time.Instant;
import java.util.Map;

/**
 * One call of the hook, as the flow builds it: what for, about which account, the challenge's secrets (sealed or in
 * clear on the wire, {@link HooksConfig#tokenDelivery()}) and the caller's free-form arguments.
 *
 * @param account the account's public fields (id, email, phone, username, displayName, locale, verified)
 */
public record HookCall(Purpose purpose, String accountId, Map<String, Object> account, String tokenId, String token,
        String code, Instant expiresAt, Map<String, Object> arguments) {

    /** What the hook is asked to do; {@link #wireName()} is the payload's {@code data.purpose}. */
    public enum Purpose {
        CONFIRMATION("confirmation"), RESET("reset");

        private final String wireName;

        Purpose(String wireName) {
            this.wireName = wireName;
        }

        public String wireName() {
            return wireName;
        }
    }
}
