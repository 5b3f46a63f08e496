package io.countersign.audit;

import java.time.OffsetDateTime;

import org.eclipse.microprofile.openapi.annotations.enums.SchemaType;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

import com.fasterxml.jackson.databind.JsonNode;

/** One audit entry as the admin endpoint shows it. */
@Schema(name = "AuditEntry", requiredProperties = { "id", "type", "ip", "userAgent", "at", "details" })
public record AuditView(long id, String type, @Schema(nullable = true) String ip, @Schema(nullable = true) String userAgent,
        OffsetDateTime at, @Schema(type = SchemaType.OBJECT, nullable = true, description = "Never a secret") JsonNode details) {
}
