package io.countersign.api;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;

import org.eclipse.microprofile.openapi.annotations.media.Schema;

import io.countersign.error.ErrorCode;
import io.countersign.error.FlowException;
import io.countersign.security.AccountKey;
import io.countersign.user.Identity;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;

/** Request bodies of the resource API. Strings are bounded so that no field can be huge. */
public final class Requests {

    private Requests() {
    }

    static final int ID_MAX = 320;
    static final int SECRET_MAX = 512;

    public record SignUp(
            @Size(max = ID_MAX) String email,
            @Size(max = 32) String phone,
            @Size(max = 64) String username,
            @Size(max = SECRET_MAX) String password,
            @Size(max = 100) String displayName,
            @Size(max = 8) String preferredChannel,
            @Size(max = 35) String locale,
            @Size(max = 10) Map<String, @Size(max = 100) String> notifierOptions,
            @Schema(description = "The version of the terms and conditions the person accepts (GET /terms): required when "
                    + "countersign.terms.required is on; when given, it must be the version in force (400 terms_not_accepted)")
            @Size(max = 64) String termsVersion) {
    }

    /** Names a user by one or more of email, phone, username. */
    public record Who(@Size(max = ID_MAX) String email, @Size(max = 32) String phone, @Size(max = 64) String username) {

        /** The target account for per-account rate limits, or null. */
        String accountKey() {
            return AccountKey.of(email, phone, username);
        }

        Identity identity(java.util.Collection<String> allowed) {
            Map<String, String> fields = new LinkedHashMap<>();
            if (email != null) {
                fields.put(Identity.EMAIL, email);
            }
            if (phone != null) {
                fields.put(Identity.PHONE, phone);
            }
            if (username != null) {
                fields.put(Identity.USERNAME, username);
            }
            return Identity.of(fields, allowed);
        }
    }

    public record Resend(
            @Size(max = ID_MAX) String email,
            @Size(max = 32) String phone,
            @Size(max = 64) String username,
            @Size(max = SECRET_MAX) String token,
            @Size(max = 10) Map<String, @Size(max = 100) String> notifierOptions) {

        Who who() {
            return new Who(email, phone, username);
        }
    }

    /**
     * Presents a long token, or a code with the identity it was sent to; optionally a new password. The token may
     * come in the two halves a hook gets ({@code tokenId} and {@code token}, docs/hooks.md): the link token is
     * {@code <tokenId>.<token>}.
     */
    public record Redeem(
            @Size(max = SECRET_MAX) String token,
            @Size(max = 64) String tokenId,
            @Size(max = 32) String code,
            @Size(max = ID_MAX) String email,
            @Size(max = 32) String phone,
            @Size(max = 64) String username,
            @Size(max = SECRET_MAX) String password) {

        Who who() {
            return new Who(email, phone, username);
        }

        /** The link token, joined from its halves when both are given. */
        String linkToken() {
            return tokenId == null || token == null ? token : tokenId + "." + token;
        }

        /** Exactly one of token and code. */
        boolean byToken() {
            if (tokenId != null && token == null) {
                throw new FlowException(ErrorCode.INVALID_REQUEST, "tokenId comes together with token.", "token");
            }
            if ((token == null) == (code == null)) {
                throw new FlowException(ErrorCode.INVALID_REQUEST, "Give either token, or code with the email/phone/username it was sent to.",
                        token == null ? "token" : "code");
            }
            return token != null;
        }
    }

    /** Runs the confirmation hook again for the account named (docs/hooks.md). */
    public record Retry(
            @Size(max = ID_MAX) String email,
            @Size(max = 32) String phone,
            @Size(max = 64) String username) {

        Who who() {
            return new Who(email, phone, username);
        }
    }

    /** The new password and free-form arguments for the reset hook (never sent to the hook: only the arguments are). */
    public record ResetByHook(
            @Size(max = ID_MAX) String email,
            @Size(max = 32) String phone,
            @Size(max = 64) String username,
            @NotNull @Size(max = SECRET_MAX) String password,
            @Size(max = 20) Map<String, Object> arguments) {

        Who who() {
            return new Who(email, phone, username);
        }
    }

    public record Forgot(
            @Size(max = ID_MAX) String email,
            @Size(max = 32) String phone,
            @Size(max = 64) String username,
            @Size(max = 10) Map<String, @Size(max = 100) String> notifierOptions) {

        Who who() {
            return new Who(email, phone, username);
        }
    }

    public record PasswordChange(
            @NotNull @Size(max = SECRET_MAX) String currentPassword,
            @NotNull @Size(max = SECRET_MAX) String newPassword) {
    }

    public record AccountDeletion(@NotNull @Size(max = SECRET_MAX) String password) {
    }

    public record IdentityChange(
            @NotNull @Size(max = SECRET_MAX) String password,
            @Size(max = ID_MAX) String email,
            @Size(max = 32) String phone) {

        Map<String, String> changes() {
            Map<String, String> changes = new LinkedHashMap<>();
            if (email != null) {
                changes.put(Identity.EMAIL, email);
            }
            if (phone != null) {
                changes.put(Identity.PHONE, phone);
            }
            return changes;
        }
    }

    public record Uniqueness(
            @Size(max = ID_MAX) String email,
            @Size(max = 32) String phone,
            @Size(max = 64) String username,
            UUID ownId) {
    }

    /** Feathers-compatible login body: {@code {"strategy":"local","email":…,"password":…}}. */
    public record Login(
            @Size(max = 16) String strategy,
            @Size(max = ID_MAX) String email,
            @Size(max = 32) String phone,
            @Size(max = 64) String username,
            @Size(max = SECRET_MAX) String password) {
    }
}
