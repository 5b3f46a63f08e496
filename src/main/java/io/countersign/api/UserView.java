package io.countersign.api;

import java.time.OffsetDateTime;
import java.util.UUID;

import io.countersign.user.User;

/** A user as clients see it: never the password hash, tokens or security counters. */
public record UserView(UUID id, String email, String phone, String username, String displayName,
        @com.fasterxml.jackson.annotation.JsonProperty("isVerified") boolean isVerified,
        String preferredChannel, String locale, OffsetDateTime createdAt, OffsetDateTime updatedAt) {

    public static UserView of(User user) {
        return user == null ? null
                : new UserView(user.id, user.email, user.phone, user.username, user.displayName, user.verified,
                        user.preferredChannel, user.locale, user.createdAt, user.updatedAt);
    }
}
