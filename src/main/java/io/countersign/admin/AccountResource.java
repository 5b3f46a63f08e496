package io.countersign.admin;

import java.util.UUID;

import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.enums.SchemaType;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import io.countersign.flow.AccountDeletionService;
import io.countersign.flow.AccountDirectory;
import io.countersign.user.AccountFilter;
import io.countersign.web.ApiDocument;
import io.smallrye.mutiny.Uni;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Response;

/** Accounts, for administrators: search, read one, delete. */
@Path("/admin/users")
@Tag(name = "Administration")
public class AccountResource {

    static final int MAX_PAGE_SIZE = 100;
    private static final int MAX_PAGE = 100_000;

    private final AdminAuth auth;
    private final AccountDirectory directory;
    private final AccountDeletionService deletion;

    public AccountResource(AdminAuth auth, AccountDirectory directory, AccountDeletionService deletion) {
        this.auth = auth;
        this.directory = directory;
        this.deletion = deletion;
    }

    @GET
    @SecurityRequirement(name = "bearer")
    @SecurityRequirement(name = "apiKey")
    @Operation(summary = "Search accounts", description = "Every given filter must match: email, phone and username as a "
            + "case-insensitive part of the value, verified, locked. Newest first (then by id), a page at a time. Scope "
            + "`read`.")
    @APIResponse(responseCode = "200", description = "One page of the matching accounts", content = @Content(
            mediaType = "application/json", schema = @Schema(implementation = AdminViews.AccountPage.class)))
    @APIResponse(responseCode = "400", ref = ApiDocument.BAD_REQUEST)
    @APIResponse(responseCode = "401", ref = ApiDocument.UNAUTHENTICATED)
    @APIResponse(responseCode = "403", ref = ApiDocument.FORBIDDEN)
    public Uni<AdminViews.AccountPage> search(
            @Parameter(description = "Part of the email", schema = @Schema(type = SchemaType.STRING, maxLength = 320)) @QueryParam("email") String email,
            @Parameter(description = "Part of the phone (E.164)", schema = @Schema(type = SchemaType.STRING, maxLength = 320)) @QueryParam("phone") String phone,
            @Parameter(description = "Part of the username", schema = @Schema(type = SchemaType.STRING, maxLength = 320)) @QueryParam("username") String username,
            @Parameter(description = "Only verified (true) or unverified (false) accounts", schema = @Schema(type = SchemaType.BOOLEAN)) @QueryParam("verified") String verified,
            @Parameter(description = "Only accounts locked (true) or not locked (false) by failed logins right now", schema = @Schema(type = SchemaType.BOOLEAN)) @QueryParam("locked") String locked,
            @Parameter(description = "Page number, from 0 (default 0)", schema = @Schema(type = SchemaType.INTEGER, minimum = "0", maximum = "100000")) @QueryParam("page") String page,
            @Parameter(description = "Page size, 1 to 100 (default 20)", schema = @Schema(type = SchemaType.INTEGER, minimum = "1", maximum = "100")) @QueryParam("size") String size) {
        AccountFilter filter = new AccountFilter(QueryParams.text("email", email), QueryParams.text("phone", phone),
                QueryParams.text("username", username), QueryParams.bool("verified", verified), QueryParams.bool("locked", locked));
        int p = QueryParams.number("page", page, 0, MAX_PAGE, 0);
        int s = QueryParams.number("size", size, 1, MAX_PAGE_SIZE, 20);
        return auth.require(AdminScope.READ).chain(admin -> directory.search(filter, p, s, admin.actor()))
                .map(found -> AdminViews.AccountPage.of(found, p, s));
    }

    @GET
    @Path("/{id}")
    @SecurityRequirement(name = "bearer")
    @SecurityRequirement(name = "apiKey")
    @Operation(summary = "Read an account", description = "Scope `read`.")
    @APIResponse(responseCode = "200", description = "The account", content = @Content(mediaType = "application/json",
            schema = @Schema(implementation = AdminViews.Account.class)))
    @APIResponse(responseCode = "401", ref = ApiDocument.UNAUTHENTICATED)
    @APIResponse(responseCode = "403", ref = ApiDocument.FORBIDDEN)
    @APIResponse(responseCode = "404", ref = ApiDocument.NOT_FOUND)
    public Uni<AdminViews.Account> account(@Parameter(description = "The account's id", schema = @Schema(type = SchemaType.STRING, format = "uuid")) @PathParam("id") UUID id) {
        return auth.require(AdminScope.READ).chain(admin -> directory.account(id, admin.actor())).map(AdminViews.Account::of);
    }

    @DELETE
    @Path("/{id}")
    @SecurityRequirement(name = "bearer")
    @SecurityRequirement(name = "apiKey")
    @Operation(summary = "Delete an account", description = "As the owner's own deletion: the account goes with its pending "
            + "links and codes and every session; the audit keeps its entries without client addresses; a notice goes to the "
            + "account's addresses (`accountDeleted`, `deletedBy` = `admin`); its email, phone and username are free again. "
            + "Scope `write`.")
    @APIResponse(responseCode = "204", description = "The account is deleted")
    @APIResponse(responseCode = "401", ref = ApiDocument.UNAUTHENTICATED)
    @APIResponse(responseCode = "403", ref = ApiDocument.FORBIDDEN)
    @APIResponse(responseCode = "404", ref = ApiDocument.NOT_FOUND)
    public Uni<Response> delete(@Parameter(description = "The account's id", schema = @Schema(type = SchemaType.STRING, format = "uuid")) @PathParam("id") UUID id) {
        return auth.require(AdminScope.WRITE).chain(admin -> deletion.deleteByAdmin(id, admin.actor()))
                .replaceWith(Response.noContent().build());
    }
}
