package io.countersign.admin;

import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import io.countersign.security.Compliance;
import io.countersign.user.AccessTokens;
import io.countersign.web.ApiDocument;
import io.smallrye.mutiny.Uni;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;

/** The compliance self-check, for administrators. */
@Path("/admin/compliance")
@Tag(name = "Administration")
public class ComplianceResource {

    private final AccessTokens tokens;
    private final Compliance compliance;

    public ComplianceResource(AccessTokens tokens, Compliance compliance) {
        this.tokens = tokens;
        this.compliance = compliance;
    }

    @GET
    @SecurityRequirement(name = "bearer")
    @Operation(summary = "Configured values that fall below ASVS 5.0 / NIST SP 800-63B",
            description = "Every check with its setting, value (never a secret), requirement, reference and outcome. Needs "
                    + "the admin role: 401 without a valid token, 403 without the role.")
    @APIResponse(responseCode = "200", description = "The checks and their outcome", content = @Content(
            mediaType = "application/json", schema = @Schema(implementation = Compliance.Report.class)))
    @APIResponse(responseCode = "401", ref = ApiDocument.UNAUTHENTICATED)
    @APIResponse(responseCode = "403", ref = ApiDocument.FORBIDDEN)
    public Uni<Compliance.Report> report() {
        return tokens.caller(AccessTokens.ADMIN_GROUP).map(admin -> compliance.report());
    }
}
