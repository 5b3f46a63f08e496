package io.countersign.notifier.lifecycle;

import java.time.OffsetDateTime;
import java.util.UUID;

import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** One notification as the admin endpoints show it: never the secret, the token, the code or the body. */
@Schema(name = "Message", requiredProperties = { "id", "userId", "type", "channel", "transport", "recipient", "state",
        "attempts", "providerMessageId", "reason", "nextAttemptAt", "replays", "createdAt", "updatedAt" })
public record MessageView(UUID id, UUID userId, String type,
        @Schema(nullable = true, description = "email or sms; null before it was routed") String channel,
        @Schema(nullable = true, description = "e.g. smtp, sms; null before it was tried, and when it was suppressed") String transport,
        @Schema(nullable = true, description = "The address, masked") String recipient,
        @Schema(enumeration = { "queued", "sending", "sent", "deferred", "bounced", "complained", "dead_lettered",
                "expired", "suppressed" }) String state,
        int attempts,
        @Schema(nullable = true, description = "The id the provider answered the send with (SMTP: the Message-ID)") String providerMessageId,
        @Schema(nullable = true, description = "Why it is deferred, dead-lettered, expired or suppressed") String reason,
        @Schema(nullable = true) OffsetDateTime nextAttemptAt,
        @Schema(description = "How often it was replayed from the dead-letter topic") int replays,
        OffsetDateTime createdAt, OffsetDateTime updatedAt) {
}
