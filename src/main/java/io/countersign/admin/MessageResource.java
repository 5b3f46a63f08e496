package io.countersign.admin;

import java.util.Optional;
import java.util.UUID;

import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.enums.SchemaType;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import io.countersign.error.ErrorCode;
import io.countersign.error.FlowException;
import io.countersign.event.NotificationType;
import io.countersign.notifier.lifecycle.MessageDetails;
import io.countersign.notifier.lifecycle.MessageQueries;
import io.countersign.notifier.replay.DeadLetterReplay;
import io.countersign.notifier.replay.ReplayResult;
import io.countersign.notifier.replay.ReplaySelection;
import io.countersign.audit.Audit;
import io.countersign.web.ApiDocument;
import io.smallrye.mutiny.Uni;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;

/** One message's history, and replaying dead-lettered messages, for administrators (docs/delivery.md). */
@Path("/admin/messages")
@Tag(name = "Administration")
public class MessageResource {

    private final AdminAuth auth;
    private final Audit audit;
    private final MessageQueries messages;
    private final DeadLetterReplay replay;

    public MessageResource(AdminAuth auth, Audit audit, MessageQueries messages, DeadLetterReplay replay) {
        this.auth = auth;
        this.audit = audit;
        this.messages = messages;
        this.replay = replay;
    }

    /** Which dead letters to replay: exactly one of {@code all: true}, {@code type} or {@code messageId}. */
    @Schema(name = "ReplayRequest", minProperties = 1, maxProperties = 1)
    public record ReplayRequest(@Schema(description = "true: every dead-lettered message") Boolean all,
            @Size(max = 64) @Schema(description = "A notification type, e.g. sendResetPwd") String type,
            @Schema(format = "uuid", description = "One message (its CloudEvent id)") UUID messageId) {
    }

    @GET
    @Path("{id}")
    @SecurityRequirement(name = "bearer")
    @SecurityRequirement(name = "apiKey")
    @Operation(summary = "One message and its history", description = "Every state it entered, oldest first: each "
            + "attempt with its transport or error, the provider's message id, bounces, complaints, replays. Never the "
            + "secret, the token or the body. Scope `read` (an admin account or an API key).")
    @APIResponse(responseCode = "200", description = "The message and its history",
            content = @Content(mediaType = "application/json", schema = @Schema(implementation = MessageDetails.class)))
    @APIResponse(responseCode = "401", ref = ApiDocument.UNAUTHENTICATED)
    @APIResponse(responseCode = "403", ref = ApiDocument.FORBIDDEN)
    @APIResponse(responseCode = "404", ref = ApiDocument.NOT_FOUND)
    public Uni<MessageDetails> details(@Parameter(schema = @Schema(type = SchemaType.STRING, format = "uuid")) @PathParam("id") UUID id) {
        return auth.require(AdminScope.READ)
                .call(admin -> audit.recordAdminAlone(admin.actor(), "message_read", null, java.util.Map.of("message", id)))
                .chain(admin -> messages.details(id))
                .onItem().ifNull().failWith(() -> new FlowException(ErrorCode.NOT_FOUND, "No such message."));
    }

    @POST
    @Path("replay")
    @Consumes("application/json")
    @SecurityRequirement(name = "bearer")
    @SecurityRequirement(name = "apiKey")
    @Operation(summary = "Replay dead-lettered messages", description = "All, those of one type, or one message: each "
            + "message still dead-lettered is produced back to the notification topic exactly once; running it again "
            + "replays nothing twice (a replayed message is queued, then sent or dead-lettered anew). Scope `write` "
            + "(an admin account or an API key). The command bin/replay-dead-letters calls this.")
    @APIResponse(responseCode = "200", description = "What was replayed",
            content = @Content(mediaType = "application/json", schema = @Schema(implementation = ReplayResult.class)))
    @APIResponse(responseCode = "400", ref = ApiDocument.BAD_REQUEST)
    @APIResponse(responseCode = "401", ref = ApiDocument.UNAUTHENTICATED)
    @APIResponse(responseCode = "403", ref = ApiDocument.FORBIDDEN)
    public Uni<ReplayResult> replay(@Valid @NotNull ReplayRequest request) {
        return auth.require(AdminScope.WRITE)
                .call(admin -> audit.recordAdminAlone(admin.actor(), "messages_replayed", null, null))
                .chain(admin -> replay.replay(selection(request), "admin " + admin.actor()));
    }

    private static ReplaySelection selection(ReplayRequest request) {
        int given = (Boolean.TRUE.equals(request.all()) ? 1 : 0) + (request.type() != null ? 1 : 0)
                + (request.messageId() != null ? 1 : 0);
        if (given != 1 || Boolean.FALSE.equals(request.all())) {
            throw new FlowException(ErrorCode.INVALID_REQUEST, "Give exactly one of all: true, type or messageId.");
        }
        if (request.type() != null) {
            Optional<NotificationType> type = NotificationType.fromWireName(request.type());
            return new ReplaySelection(type.orElseThrow(() -> new FlowException(ErrorCode.INVALID_REQUEST,
                    "Unknown notification type.", "type")), null);
        }
        return request.messageId() != null ? new ReplaySelection(null, request.messageId()) : ReplaySelection.all();
    }
}
