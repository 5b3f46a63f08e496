package io.countersign.user;

import java.time.OffsetDateTime;
import java.util.UUID;

import org.eclipse.microprofile.openapi.annotations.media.Schema;

import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * A user as clients see it: never the password hash, tokens or security counters. {@code isVerified} is named
 * explicitly: without it Jackson also writes the accessor as {@code verified}.
 */
@Schema(name = "User", description = "An account; every field is always present, the optional ones as null",
        requiredProperties = { "id", "email", "phone", "username", "displayName", "isVerified", "preferredChannel", "locale",
            "createdAt", "updatedAt", "emailUndeliverable" })
public record UserView(UUID id,
        @Schema(nullable = true, description = "Normalised (trimmed, lower-case); null for a phone-only account") String email,
        @Schema(nullable = true, description = "E.164; null when the account has none") String phone,
        @Schema(nullable = true) String username,
        @Schema(nullable = true) String displayName,
        @JsonProperty("isVerified") boolean isVerified,
        @Schema(enumeration = { "email", "sms" }) String preferredChannel, String locale, OffsetDateTime createdAt,
        OffsetDateTime updatedAt,
        @Schema(nullable = true, description = "`hard_bounce` or `complaint` when mail to the email "
                + "address bounced for good or its owner reported it as spam: nothing is sent there any more. Ask the user to "
                + "change the address (POST /identity/change). Null when the address can be mailed.") String emailUndeliverable) {

    public static UserView of(User user) {
        return user == null ? null
                : new UserView(user.id, user.email, user.phone, user.username, user.displayName, user.verified,
                        user.preferredChannel, user.locale, user.createdAt, user.updatedAt, user.emailUndeliverable);
    }
}
