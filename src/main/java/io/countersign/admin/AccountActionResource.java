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

import io.countersign.flow.AccountAdministration;
import io.countersign.flow.AccountDirectory;
import io.countersign.web.ApiDocument;
import io.smallrye.mutiny.Uni;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

/**
 * Acting on one account, for administrators: send it a verification or reset message, unlock it, list and end its
 * sessions, list and cancel its pending challenges. Reads need scope {@code read}, actions {@code write}.
 */
@Path("/admin/users/{id}")
@Tag(name = "Administration")
public class AccountActionResource {

    private final AdminAuth auth;
    private final AccountDirectory directory;
    private final AccountAdministration administration;

    public AccountActionResource(AdminAuth auth, AccountDirectory directory, AccountAdministration administration) {
        this.auth = auth;
        this.directory = directory;
        this.administration = administration;
    }

    @POST
    @Path("/verification")
    @SecurityRequirement(name = "bearer")
    @SecurityRequirement(name = "apiKey")
    @Operation(summary = "Send a verification message", description = "As a resend: a new link and code replace the "
            + "previous ones, unless those are younger than the resend cooldown. Scope `write`.")
    @APIResponse(responseCode = "202", description = "Accepted; `sent` says whether a message goes out", content = @Content(
            mediaType = "application/json", schema = @Schema(implementation = AdminViews.Sent.class)))
    @APIResponse(responseCode = "400", description = "The account is already verified (`already_verified`)", ref = ApiDocument.BAD_REQUEST)
    @APIResponse(responseCode = "401", ref = ApiDocument.UNAUTHENTICATED)
    @APIResponse(responseCode = "403", ref = ApiDocument.FORBIDDEN)
    @APIResponse(responseCode = "404", ref = ApiDocument.NOT_FOUND)
    public Uni<Response> sendVerification(@Parameter(description = "The account's id", schema = @Schema(type = SchemaType.STRING, format = "uuid")) @PathParam("id") UUID id) {
        return auth.require(AdminScope.WRITE).chain(admin -> administration.sendVerification(id, admin.actor())).map(AccountActionResource::accepted);
    }

    @POST
    @Path("/password-reset")
    @SecurityRequirement(name = "bearer")
    @SecurityRequirement(name = "apiKey")
    @Operation(summary = "Send a password reset message", description = "As forgot-password: a reset link and code, unless "
            + "the previous ones are younger than the cooldown. Scope `write`.")
    @APIResponse(responseCode = "202", description = "Accepted; `sent` says whether a message goes out", content = @Content(
            mediaType = "application/json", schema = @Schema(implementation = AdminViews.Sent.class)))
    @APIResponse(responseCode = "400", description = "The account is not verified (`not_verified`)", ref = ApiDocument.BAD_REQUEST)
    @APIResponse(responseCode = "401", ref = ApiDocument.UNAUTHENTICATED)
    @APIResponse(responseCode = "403", ref = ApiDocument.FORBIDDEN)
    @APIResponse(responseCode = "404", ref = ApiDocument.NOT_FOUND)
    public Uni<Response> sendReset(@Parameter(description = "The account's id", schema = @Schema(type = SchemaType.STRING, format = "uuid")) @PathParam("id") UUID id) {
        return auth.require(AdminScope.WRITE).chain(admin -> administration.sendReset(id, admin.actor())).map(AccountActionResource::accepted);
    }

    @POST
    @Path("/unlock")
    @SecurityRequirement(name = "bearer")
    @SecurityRequirement(name = "apiKey")
    @Operation(summary = "Unlock the account", description = "Lifts a lock from failed logins and clears their count "
            + "(nothing changes for an account that is not locked). Scope `write`.")
    @APIResponse(responseCode = "204", description = "The account is not locked")
    @APIResponse(responseCode = "401", ref = ApiDocument.UNAUTHENTICATED)
    @APIResponse(responseCode = "403", ref = ApiDocument.FORBIDDEN)
    @APIResponse(responseCode = "404", ref = ApiDocument.NOT_FOUND)
    public Uni<Response> unlock(@Parameter(description = "The account's id", schema = @Schema(type = SchemaType.STRING, format = "uuid")) @PathParam("id") UUID id) {
        return auth.require(AdminScope.WRITE).chain(admin -> administration.unlock(id, admin.actor())).replaceWith(Response.noContent().build());
    }

    @GET
    @Path("/sessions")
    @SecurityRequirement(name = "bearer")
    @SecurityRequirement(name = "apiKey")
    @Operation(summary = "The account's sessions", description = "Its live sessions, newest first. Scope `read`.")
    @APIResponse(responseCode = "200", description = "The live sessions", content = @Content(mediaType = "application/json",
            schema = @Schema(type = SchemaType.ARRAY, implementation = AdminViews.SessionItem.class)))
    @APIResponse(responseCode = "401", ref = ApiDocument.UNAUTHENTICATED)
    @APIResponse(responseCode = "403", ref = ApiDocument.FORBIDDEN)
    @APIResponse(responseCode = "404", ref = ApiDocument.NOT_FOUND)
    public Uni<List<AdminViews.SessionItem>> sessions(@Parameter(description = "The account's id", schema = @Schema(type = SchemaType.STRING, format = "uuid")) @PathParam("id") UUID id) {
        return auth.require(AdminScope.READ).chain(admin -> directory.sessions(id, admin.actor()))
                .map(list -> list.stream().map(AdminViews.SessionItem::of).toList());
    }

    @DELETE
    @Path("/sessions")
    @SecurityRequirement(name = "bearer")
    @SecurityRequirement(name = "apiKey")
    @Operation(summary = "End the account's sessions", description = "Every access token of the account stops working at "
            + "once. Scope `write`.")
    @APIResponse(responseCode = "204", description = "Every session has ended")
    @APIResponse(responseCode = "401", ref = ApiDocument.UNAUTHENTICATED)
    @APIResponse(responseCode = "403", ref = ApiDocument.FORBIDDEN)
    @APIResponse(responseCode = "404", ref = ApiDocument.NOT_FOUND)
    public Uni<Response> endSessions(@Parameter(description = "The account's id", schema = @Schema(type = SchemaType.STRING, format = "uuid")) @PathParam("id") UUID id) {
        return auth.require(AdminScope.WRITE).chain(admin -> administration.endSessions(id, admin.actor()))
                .replaceWith(Response.noContent().build());
    }

    @GET
    @Path("/challenges")
    @SecurityRequirement(name = "bearer")
    @SecurityRequirement(name = "apiKey")
    @Operation(summary = "The account's pending challenges", description = "Its live links and codes (verification, reset, "
            + "identity change, revert), newest first; never a token, code or hash. Scope `read`.")
    @APIResponse(responseCode = "200", description = "The pending challenges", content = @Content(mediaType = "application/json",
            schema = @Schema(type = SchemaType.ARRAY, implementation = AdminViews.ChallengeItem.class)))
    @APIResponse(responseCode = "401", ref = ApiDocument.UNAUTHENTICATED)
    @APIResponse(responseCode = "403", ref = ApiDocument.FORBIDDEN)
    @APIResponse(responseCode = "404", ref = ApiDocument.NOT_FOUND)
    public Uni<List<AdminViews.ChallengeItem>> challenges(@Parameter(description = "The account's id", schema = @Schema(type = SchemaType.STRING, format = "uuid")) @PathParam("id") UUID id) {
        return auth.require(AdminScope.READ).chain(admin -> directory.challenges(id, admin.actor()))
                .map(list -> list.stream().map(AdminViews.ChallengeItem::of).toList());
    }

    @DELETE
    @Path("/challenges/{challengeId}")
    @SecurityRequirement(name = "bearer")
    @SecurityRequirement(name = "apiKey")
    @Operation(summary = "Cancel a pending challenge", description = "Its link and code stop working at once (ended as "
            + "`revoked`). Scope `write`.")
    @APIResponse(responseCode = "204", description = "The challenge is cancelled")
    @APIResponse(responseCode = "401", ref = ApiDocument.UNAUTHENTICATED)
    @APIResponse(responseCode = "403", ref = ApiDocument.FORBIDDEN)
    @APIResponse(responseCode = "404", description = "No such account, or no pending challenge of it with this id (`not_found`)",
            ref = ApiDocument.NOT_FOUND)
    public Uni<Response> cancelChallenge(
            @Parameter(description = "The account's id", schema = @Schema(type = SchemaType.STRING, format = "uuid")) @PathParam("id") UUID id,
            @Parameter(description = "The challenge's id", schema = @Schema(type = SchemaType.STRING, format = "uuid")) @PathParam("challengeId") UUID challengeId) {
        return auth.require(AdminScope.WRITE).chain(admin -> administration.cancelChallenge(id, challengeId, admin.actor()))
                .replaceWith(Response.noContent().build());
    }

    private static Response accepted(boolean sent) {
        return Response.accepted(new AdminViews.Sent(sent)).type(MediaType.APPLICATION_JSON_TYPE).build();
    }
}
