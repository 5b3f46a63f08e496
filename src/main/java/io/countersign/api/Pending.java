package io.countersign.api;

import org.eclipse.microprofile.openapi.annotations.media.Schema;

/**
 * The hook answered {@code pending} (or, under enumeration protection, the account is unknown): the application
 * delivers token and token id itself, and the user completes with them (202).
 */
@Schema(name = "Pending", requiredProperties = { "status", "message" })
public record Pending(@Schema(enumeration = "pending") String status,
        @Schema(description = "The hook's message, or a general one") String message) {

    static Pending of(String message, String fallback) {
        return new Pending("pending", message == null ? fallback : message);
    }
}
