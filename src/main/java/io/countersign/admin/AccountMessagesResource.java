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

import io.countersign.notifier.lifecycle.MessageQueries;
import io.countersign.notifier.lifecycle.MessageView;
import io.countersign.audit.Audit;
import io.countersign.web.ApiDocument;
import io.smallrye.mutiny.Uni;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;

/** The notifications sent to one account and what became of each, for administrators (docs/delivery.md). */
@Path("/admin/users/{id}/messages")
@Tag(name = "Administration")
public class AccountMessagesResource {

    private static final int MAX_MESSAGES = 200;

    private final AdminAuth auth;
    private final Audit audit;
    private final MessageQueries messages;

    public AccountMessagesResource(AdminAuth auth, Audit audit, MessageQueries messages) {
        this.auth = auth;
        this.audit = audit;
        this.messages = messages;
    }

    @GET
    @SecurityRequirement(name = "bearer")
    @SecurityRequirement(name = "apiKey")
    @Operation(summary = "An account's messages", description = "Newest first, at most 200: type, channel, masked address, "
            + "state (queued, sending, sent, deferred, bounced, complained, dead_lettered, expired, suppressed), "
            + "attempts, the provider's message id. Never the secret, the token or the body. Scope `read` (an admin account or an API key).")
    @APIResponse(responseCode = "200", description = "The account's messages, newest first (empty when it has none)",
            content = @Content(mediaType = "application/json",
                    schema = @Schema(type = SchemaType.ARRAY, implementation = MessageView.class)))
    @APIResponse(responseCode = "401", ref = ApiDocument.UNAUTHENTICATED)
    @APIResponse(responseCode = "403", ref = ApiDocument.FORBIDDEN)
    @APIResponse(responseCode = "404", ref = ApiDocument.NOT_FOUND)
    public Uni<List<MessageView>> list(@Parameter(schema = @Schema(type = SchemaType.STRING, format = "uuid")) @PathParam("id") UUID id) {
        return auth.require(AdminScope.READ)
                .call(admin -> audit.recordAdminAlone(admin.actor(), "messages_read", id, null))
                .chain(admin -> messages.ofUser(id, MAX_MESSAGES));
    }
}
