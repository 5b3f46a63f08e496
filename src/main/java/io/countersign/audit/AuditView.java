package io.countersign.audit;

import java.time.OffsetDateTime;

import com.fasterxml.jackson.databind.JsonNode;

/** One audit entry as the admin endpoint shows it. */
public record AuditView(long id, String type, String ip, String userAgent, OffsetDateTime at, JsonNode details) {
}
