package io.countersign.admin;

import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import io.countersign.security.Compliance;
import io.countersign.web.ApiDocument;
import io.smallrye.mutiny.Uni;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;

/** The compliance self-check, for administrators. */
@Path("/admin/compliance")
@Tag(name = "Administration")
public class ComplianceResource {

    private final AdminAuth auth;
    private final Compliance compliance;

    public ComplianceResource(AdminAuth auth, Compliance compliance) {
        this.auth = auth;
        this.compliance = compliance;
    }

    @GET
    @SecurityRequirement(name = "bearer")
    @SecurityRequirement(name = "apiKey")
    @Operation(summary = "Configured values that fall below ASVS 5.0 / NIST SP 800-63B",
            description = "Every check with its setting, value (never a secret), requirement, reference and outcome. Scope "
                    + "`read`: 401 without a valid token or key, 403 without the admin role or scope.")
    @APIResponse(responseCode = "200", description = "The checks and their outcome", content = @Content(
            mediaType = "application/json", schema = @Schema(implementation = Compliance.Report.class)))
    @APIResponse(responseCode = "401", ref = ApiDocument.UNAUTHENTICATED)
    @APIResponse(responseCode = "403", ref = ApiDocument.FORBIDDEN)
    public Uni<Compliance.Report> report() {
        return auth.require(AdminScope.READ).map(admin -> compliance.report());
    }
}
