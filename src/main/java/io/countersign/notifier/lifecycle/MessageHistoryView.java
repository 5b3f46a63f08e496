package io.countersign.notifier.lifecycle;

import java.time.OffsetDateTime;

import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** One change of a message's state: each attempt, its error, the outcome, feedback and replays. */
@Schema(name = "MessageHistoryEntry", requiredProperties = { "at", "state", "attempt", "detail" })
public record MessageHistoryView(OffsetDateTime at,
        @Schema(description = "The state entered (soft_bounced: recorded only)") String state,
        @Schema(description = "The attempt it belongs to (0 before the first)") int attempt,
        @Schema(nullable = true, description = "The transport, the error or the reason; never a secret") String detail) {
}
