package io.countersign.admin;

import java.util.List;
import java.util.UUID;

import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.enums.SchemaType;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.countersign.audit.Audit;
import io.countersign.audit.AuditEntry;
import io.countersign.audit.AuditRepository;
import io.countersign.audit.AuditView;
import io.countersign.web.ApiDocument;
import io.smallrye.mutiny.Uni;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;

/** The audit log of one account, for administrators (admin accounts and API keys with scope {@code read}). */
@Path("/admin/users/{id}/audit")
@Tag(name = "Administration")
public class AuditResource {

    private static final int MAX_ENTRIES = 1000;

    private final AdminAuth auth;
    private final AuditRepository entries;
    private final Audit audit;
    private final ObjectMapper json;

    public AuditResource(AdminAuth auth, AuditRepository entries, Audit audit, ObjectMapper json) {
        this.auth = auth;
        this.entries = entries;
        this.audit = audit;
        this.json = json;
    }

    @GET
    @SecurityRequirement(name = "bearer")
    @SecurityRequirement(name = "apiKey")
    @Operation(summary = "An account's audit log", description = "Oldest first, at most 1000 entries; also of a deleted "
            + "account (without client addresses). Scope `read`: 401 without a valid token or key, 403 without the admin role "
            + "or scope. The read itself is audited.")
    @APIResponse(responseCode = "200", description = "The account's audit entries, oldest first", content = @Content(
            mediaType = "application/json", schema = @Schema(type = SchemaType.ARRAY, implementation = AuditView.class)))
    @APIResponse(responseCode = "401", ref = ApiDocument.UNAUTHENTICATED)
    @APIResponse(responseCode = "403", ref = ApiDocument.FORBIDDEN)
    @APIResponse(responseCode = "404", ref = ApiDocument.NOT_FOUND)
    public Uni<List<AuditView>> audit(@Parameter(schema = @Schema(type = SchemaType.STRING, format = "uuid")) @PathParam("id") UUID id) {
        return auth.require(AdminScope.READ)
                .chain(admin -> entries.ofUser(id, MAX_ENTRIES).call(() -> audit.recordAdminAlone(admin.actor(), "audit_read", id, null)))
                .map(rows -> rows.stream().map(this::view).toList());
    }

    private AuditView view(AuditEntry e) {
        return new AuditView(e.id, e.type, e.ip, e.userAgent, e.at, details(e.details));
    }

    private JsonNode details(String details) {
        try {
            return details == null ? null : json.readTree(details);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("unreadable audit details", e);
        }
    }
}
