package io.countersign.admin;

import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import io.countersign.security.Compliance;
import io.countersign.user.AccessTokens;
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
    public Uni<Compliance.Report> report() {
        return tokens.caller(AccessTokens.ADMIN_GROUP).map(admin -> compliance.report());
    }
}
