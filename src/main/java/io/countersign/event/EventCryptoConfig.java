package io.countersign.event;

import java.util.Map;

import io.smallrye.config.ConfigMapping;

/** Keys that seal tokens and codes inside notification events. */
@ConfigMapping(prefix = "countersign.events")
public interface EventCryptoConfig {

    /** Id of the key that encrypts new events; must be one of {@link #keys()}. */
    String activeKeyId();

    /**
     * Key id → base64 (standard or URL-safe) of 32 random bytes. Keep retired keys until every event they
     * sealed has been consumed.
     */
    Map<String, String> keys();
}
