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

    default boolean isAdmin(String email) {
        return email != null && emails().map(admins -> admins.contains(email)).orElse(false);
    }
}
