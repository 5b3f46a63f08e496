package io.countersign.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** Which parts of Countersign this instance runs (one image, three ways to run). */
@ConfigMapping(prefix = "countersign")
public interface RoleConfig {

    /**
     * {@code all} (local default): account API, outbox relay and notifier; {@code api}: account API and relay,
     * no consumer; {@code notifier}: the consumer only, the account API answers 404. The {@code api} and
     * {@code notifier} profiles set it, together with the consumer switch.
     */
    @WithDefault("all")
    Role role();

    enum Role {
        ALL, API, NOTIFIER;

        public boolean servesApi() {
            return this != NOTIFIER;
        }

        public boolean relays() {
            return this != NOTIFIER;
        }
    }
}
