package io.countersign.user;

import java.time.OffsetDateTime;
import java.util.UUID;

import com.fasterxml.jackson.annotation.JsonProperty;

import io.countersign.user.User;

/**
 * A user as clients see it: never the password hash, tokens or security counters. {@code isVerified} is named
 * explicitly: without it Jackson also writes the accessor as {@code verified}.
 */
public record UserView(UUID id, String email, String phone, String username, String displayName,
        @JsonProperty("isVerified") boolean isVerified,
        String preferredChannel, String locale, OffsetDateTime createdAt, OffsetDateTime updatedAt) {

    public static UserView of(User user) {
        return user == null ? null
                : new UserView(user.id, user.email, user.phone, user.username, user.displayName, user.verified,
                        user.preferredChannel, user.locale, user.createdAt, user.updatedAt);
    }
}
