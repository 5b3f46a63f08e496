package io.countersign.admin;

import java.util.UUID;

import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import io.countersign.flow.AccountDeletionService;
import io.countersign.web.Problem;
import io.smallrye.mutiny.Uni;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.core.Response;

/** Deleting an account, for administrators (access tokens with the {@code admin} group). */
@Path("/admin/users/{id}")
@Tag(name = "Administration")
public class AccountResource {

    private final AccountDeletionService deletion;

    public AccountResource(AccountDeletionService deletion) {
        this.deletion = deletion;
    }

    @DELETE
    @SecurityRequirement(name = "bearer")
    @Operation(summary = "Delete an account", description = "As the owner's own deletion: the account goes with its pending "
            + "links and codes and every session; the audit keeps its entries without client addresses; a notice goes to the "
            + "account's addresses (`accountDeleted`, `deletedBy` = `admin`); its email, phone and username are free again.")
    @APIResponse(responseCode = "204", description = "The account is deleted")
    @APIResponse(responseCode = "401", description = "No valid access token (`unauthenticated`)",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    @APIResponse(responseCode = "403", description = "The token lacks the admin role (`forbidden`)",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    @APIResponse(responseCode = "404", description = "No account has this id, or the id is malformed (`not_found`)",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    public Uni<Response> delete(@PathParam("id") UUID id) {
        return deletion.deleteByAdmin(id).replaceWith(Response.noContent().build());
    }
}
