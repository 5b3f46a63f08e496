package io.countersign.admin;

import java.time.OffsetDateTime;
import java.util.List;
import java.util.UUID;

import org.eclipse.microprofile.openapi.annotations.enums.SchemaType;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

import com.fasterxml.jackson.annotation.JsonProperty;

import io.countersign.flow.AccountDirectory;
import io.countersign.user.Session;
import io.countersign.user.User;
import io.countersign.user.UserRepository;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotEmpty;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;

/** What the admin API answers and reads: never a password hash, token hash or secret (but a new key, once). */
public final class AdminViews {

    private AdminViews() {
    }

    /** The name of a scope, for the document only. */
    @Schema(name = "AdminScope", type = SchemaType.STRING, enumeration = { "read", "write" })
    static final class ScopeName {
        private ScopeName() {
        }
    }

    @Schema(name = "AdminAccount", description = "An account as an administrator sees it; no password or token hash",
            requiredProperties = { "id", "email", "phone", "username", "displayName", "isVerified", "locked", "lockedUntil",
                "failedLogins", "hasPassword", "preferredChannel", "locale", "createdAt", "updatedAt" })
    public record Account(UUID id, @Schema(nullable = true) String email, @Schema(nullable = true) String phone,
            @Schema(nullable = true) String username, @Schema(nullable = true) String displayName,
            @JsonProperty("isVerified") boolean isVerified,
            @Schema(description = "Locked by failed logins right now") boolean locked,
            @Schema(nullable = true, description = "Until when a lock lasts (9999-12-31 until a reset or unlock)") OffsetDateTime lockedUntil,
            @Schema(description = "Consecutive failed logins") int failedLogins,
            @Schema(description = "Whether a password is set (false for an invitation)") boolean hasPassword,
            @Schema(enumeration = { "email", "sms" }) String preferredChannel, String locale, OffsetDateTime createdAt,
            OffsetDateTime updatedAt) {

        static Account of(User u) {
            boolean locked = u.lockedUntil != null && u.lockedUntil.isAfter(OffsetDateTime.now());
            return new Account(u.id, u.email, u.phone, u.username, u.displayName, u.verified, locked, u.lockedUntil,
                    u.failedLogins, u.passwordHash != null, u.preferredChannel, u.locale, u.createdAt, u.updatedAt);
        }
    }

    @Schema(name = "AdminAccountPage", requiredProperties = { "items", "page", "size", "total" })
    public record AccountPage(List<Account> items, @Schema(description = "This page's number, from 0") int page,
            @Schema(description = "The page size asked for") int size,
            @Schema(description = "How many accounts match in all") long total) {

        static AccountPage of(UserRepository.Page found, int page, int size) {
            return new AccountPage(found.items().stream().map(Account::of).toList(), page, size, found.total());
        }
    }

    @Schema(name = "AdminSession", requiredProperties = { "id", "createdAt", "expiresAt", "userAgent" })
    public record SessionItem(UUID id, OffsetDateTime createdAt, OffsetDateTime expiresAt,
            @Schema(nullable = true, description = "The User-Agent of the login, shortened") String userAgent) {

        static SessionItem of(Session s) {
            return new SessionItem(s.id, s.createdAt, s.expiresAt, s.userAgent);
        }
    }

    @Schema(name = "AdminChallenge", description = "A pending link and code of the account; never the token, code or their hashes",
            requiredProperties = { "id", "purpose", "createdAt", "expiresAt", "linkAttemptsLeft", "codeAttemptsLeft", "hasCode" })
    public record ChallengeItem(UUID id,
            @Schema(enumeration = { "verify", "reset", "identity_change", "revert" }) String purpose,
            OffsetDateTime createdAt, OffsetDateTime expiresAt, int linkAttemptsLeft, int codeAttemptsLeft,
            @Schema(description = "Whether the code is still usable") boolean hasCode) {

        static ChallengeItem of(AccountDirectory.PendingChallenge c) {
            return new ChallengeItem(c.id(), c.purpose(), c.createdAt(), c.expiresAt(), c.linkAttemptsLeft(), c.codeAttemptsLeft(),
                    c.hasCode());
        }
    }

    @Schema(name = "AdminSent", requiredProperties = { "sent" })
    public record Sent(@Schema(description = "false when the previous message is younger than the flow's resend cooldown: "
            + "nothing new was sent") boolean sent) {
    }

    @Schema(name = "ApiKey", description = "An API key's record; never the key or its hash",
            requiredProperties = { "id", "name", "scopes", "createdAt", "createdBy", "lastUsedAt", "revokedAt", "revokedBy" })
    public record Key(UUID id, String name, @Schema(type = SchemaType.ARRAY, implementation = ScopeName.class) List<String> scopes,
            OffsetDateTime createdAt, @Schema(description = "account:<id> or key:<id>") String createdBy,
            @Schema(nullable = true) OffsetDateTime lastUsedAt, @Schema(nullable = true) OffsetDateTime revokedAt,
            @Schema(nullable = true) String revokedBy) {

        static Key of(ApiKey k) {
            return new Key(k.id, k.name, List.of(k.scopes.split(" ")), k.createdAt, k.createdBy, k.lastUsedAt, k.revokedAt,
                    k.revokedBy);
        }
    }

    @Schema(name = "NewApiKey", description = "A key just created, with the key itself: shown this once, never again",
            requiredProperties = { "id", "name", "scopes", "createdAt", "createdBy", "key" })
    public record NewKey(UUID id, String name, @Schema(type = SchemaType.ARRAY, implementation = ScopeName.class) List<String> scopes,
            OffsetDateTime createdAt, String createdBy,
            @Schema(description = "The key, for the X-Api-Key header; keep it secret") String key) {

        static NewKey of(ApiKeys.Created c) {
            return new NewKey(c.key().id, c.key().name, List.of(c.key().scopes.split(" ")), c.key().createdAt, c.key().createdBy,
                    c.secret());
        }
    }

    /** POST /admin/keys. */
    @Schema(name = "NewApiKeyRequest", requiredProperties = { "name", "scopes" })
    public record KeyRequest(@NotBlank @Size(max = 100) @Schema(description = "What the key is for", maxLength = 100) String name,
            @NotNull @NotEmpty @Size(max = 2) @Schema(description = "read, write or both", type = SchemaType.ARRAY,
                    implementation = ScopeName.class, minItems = 1, maxItems = 2) List<@NotNull String> scopes) {
    }
}
