package io.countersign.user;

import java.util.Optional;
import java.util.Set;

import io.smallrye.config.ConfigMapping;

/** Who administers Countersign. */
@ConfigMapping(prefix = "countersign.admin")
public interface AdminConfig {

    /**
     * Email addresses (lower-case) of the accounts whose access tokens carry the {@code admin} group, e.g. for
     * {@code GET /admin/users/{id}/audit}. None by default.
     */
    Optional<Set<String>> emails();

    /**
     * A bootstrap API key (secret; at least 32 characters), e.g. for creating the first API keys in an automated
     * deployment: it authenticates at the admin API with the read and write scopes, as {@code key:bootstrap}. Only
     * its HMAC is kept in memory; it cannot be revoked through the API (remove the setting and restart). Unset by
     * default: the first key is then created with an admin account's access token.
     */
    Optional<String> bootstrapKey();

    default boolean isAdmin(String email) {
        return email != null && emails().map(admins -> admins.contains(email)).orElse(false);
    }
}
