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

import io.countersign.audit.AuditEntry;
import io.countersign.audit.AuditRepository;
import io.countersign.audit.AuditView;
import io.countersign.user.AccessTokens;
import io.countersign.web.ApiDocument;
import io.smallrye.mutiny.Uni;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;

/** The audit log of one account, for administrators (access tokens with the {@code admin} group). */
@Path("/admin/users/{id}/audit")
@Tag(name = "Administration")
public class AuditResource {

    private static final int MAX_ENTRIES = 1000;

    private final AccessTokens tokens;
    private final AuditRepository entries;
    private final ObjectMapper json;

    public AuditResource(AccessTokens tokens, AuditRepository entries, ObjectMapper json) {
        this.tokens = tokens;
        this.entries = entries;
        this.json = json;
    }

    @GET
    @SecurityRequirement(name = "bearer")
    @Operation(summary = "An account's audit log", description = "Oldest first, at most 1000 entries. Needs the admin role: "
            + "401 without a valid token, 403 without the role.")
    @APIResponse(responseCode = "200", description = "The account's audit entries, oldest first", content = @Content(
            mediaType = "application/json", schema = @Schema(type = SchemaType.ARRAY, implementation = AuditView.class)))
    @APIResponse(responseCode = "401", ref = ApiDocument.UNAUTHENTICATED)
    @APIResponse(responseCode = "403", ref = ApiDocument.FORBIDDEN)
    @APIResponse(responseCode = "404", ref = ApiDocument.NOT_FOUND)
    public Uni<List<AuditView>> audit(@Parameter(schema = @Schema(type = SchemaType.STRING, format = "uuid")) @PathParam("id") UUID id) {
        return tokens.caller(AccessTokens.ADMIN_GROUP)
                .chain(admin -> entries.ofUser(id, MAX_ENTRIES))
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
