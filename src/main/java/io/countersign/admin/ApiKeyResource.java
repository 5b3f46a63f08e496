package io.countersign.admin;

import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;

import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.enums.SchemaType;
import org.eclipse.microprofile.openapi.annotations.headers.Header;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import io.countersign.error.ErrorCode;
import io.countersign.error.FlowException;
import io.countersign.web.ApiDocument;
import io.countersign.web.RequestValidator;
import io.smallrye.mutiny.Uni;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;

/** API keys of machines that administer Countersign: create (shown once), list, revoke. Scope {@code write} for all. */
@Path("/admin/keys")
@Tag(name = "Administration")
public class ApiKeyResource {

    private final AdminAuth auth;
    private final ApiKeys keys;
    private final RequestValidator valid;

    public ApiKeyResource(AdminAuth auth, ApiKeys keys, RequestValidator valid) {
        this.auth = auth;
        this.keys = keys;
        this.valid = valid;
    }

    @POST
    @SecurityRequirement(name = "bearer")
    @SecurityRequirement(name = "apiKey")
    @Operation(summary = "Create an API key", description = "The answer carries the key, shown this once: only its hash "
            + "is stored. Scope `write` (an admin account's access token, or a key with `write`).")
    @APIResponse(responseCode = "201", description = "The new key", headers = @Header(name = "Location",
            description = "The keys' URL", schema = @Schema(type = SchemaType.STRING)), content = @Content(
                    mediaType = "application/json", schema = @Schema(implementation = AdminViews.NewKey.class)))
    @APIResponse(responseCode = "400", ref = ApiDocument.BAD_REQUEST)
    @APIResponse(responseCode = "401", ref = ApiDocument.UNAUTHENTICATED)
    @APIResponse(responseCode = "403", ref = ApiDocument.FORBIDDEN)
    public Uni<Response> create(@Valid @NotNull AdminViews.KeyRequest body, @Context UriInfo uri) {
        valid.check(body);
        Set<AdminScope> scopes = EnumSet.noneOf(AdminScope.class);
        for (String name : body.scopes()) {
            AdminScope scope = AdminScope.of(name);
            if (scope == null) {
                throw new FlowException(ErrorCode.INVALID_REQUEST, "A scope is read or write.", "scopes");
            }
            scopes.add(scope);
        }
        return auth.require(AdminScope.WRITE).chain(admin -> keys.create(body.name(), scopes, admin.actor()))
                .map(created -> Response.created(uri.getBaseUriBuilder().path(ApiKeyResource.class).build())
                        .entity(AdminViews.NewKey.of(created)).type(MediaType.APPLICATION_JSON_TYPE).build());
    }

    @GET
    @SecurityRequirement(name = "bearer")
    @SecurityRequirement(name = "apiKey")
    @Operation(summary = "List API keys", description = "Every key, revoked ones too, newest first; never a key or its hash. "
            + "Scope `write`.")
    @APIResponse(responseCode = "200", description = "The keys", content = @Content(mediaType = "application/json",
            schema = @Schema(type = SchemaType.ARRAY, implementation = AdminViews.Key.class)))
    @APIResponse(responseCode = "401", ref = ApiDocument.UNAUTHENTICATED)
    @APIResponse(responseCode = "403", ref = ApiDocument.FORBIDDEN)
    public Uni<List<AdminViews.Key>> list() {
        return auth.require(AdminScope.WRITE).chain(admin -> keys.list(admin.actor()))
                .map(list -> list.stream().map(AdminViews.Key::of).toList());
    }

    @DELETE
    @Path("/{id}")
    @SecurityRequirement(name = "bearer")
    @SecurityRequirement(name = "apiKey")
    @Operation(summary = "Revoke an API key", description = "Its next use is refused (401). Revoking a revoked key changes "
            + "nothing. Scope `write`.")
    @APIResponse(responseCode = "204", description = "The key is revoked")
    @APIResponse(responseCode = "401", ref = ApiDocument.UNAUTHENTICATED)
    @APIResponse(responseCode = "403", ref = ApiDocument.FORBIDDEN)
    @APIResponse(responseCode = "404", ref = ApiDocument.NOT_FOUND)
    public Uni<Response> revoke(@Parameter(description = "The key's id", schema = @Schema(type = SchemaType.STRING, format = "uuid")) @PathParam("id") UUID id) {
        return auth.require(AdminScope.WRITE).chain(admin -> keys.revoke(id, admin.actor())).replaceWith(Response.noContent().build());
    }
}
