package io.countersign.api;

import java.time.OffsetDateTime;
import java.util.List;
import java.util.Map;
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
import io.countersign.flow.LoginService;
import io.countersign.user.User;
import io.countersign.user.UserView;
import io.countersign.web.ApiDocument;
import io.countersign.web.Problem;
import io.smallrye.mutiny.Uni;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.core.Response;

/**
 * The caller's sessions: list them, end one, end all. Login ({@code POST /authentication}) speaks Feathers: see
 * compat.AuthenticationResource.
 */
@Tag(name = "Sessions")
@Path("/")
public class SessionResource {

    private final LoginService login;

    public SessionResource(LoginService login) {
        this.login = login;
    }

    @POST
    @Path("/sessions/revoke")
    @SecurityRequirement(name = "bearer")
    @Operation(summary = "Log out everywhere", description = "Revokes every access token of the caller.")
    @APIResponse(responseCode = "204", description = "Every access token of the caller is revoked")
    @APIResponse(responseCode = "401", ref = ApiDocument.UNAUTHENTICATED)
    public Uni<Response> logoutEverywhere() {
        return login.logoutEverywhere().replaceWith(Response.noContent().build());
    }

    @GET
    @Path("/sessions")
    @SecurityRequirement(name = "bearer")
    @Operation(summary = "List your sessions", description = "Every live session of the caller's account (one per login "
            + "whose access token has not expired or been revoked), newest first; `current` marks the caller's own.")
    @APIResponse(responseCode = "200", description = "The live sessions",
            content = @Content(mediaType = "application/json", schema = @Schema(implementation = SessionItem.class, type = SchemaType.ARRAY)))
    @APIResponse(responseCode = "401", description = "No valid access token (`unauthenticated`)",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    public Uni<List<SessionItem>> sessions() {
        return login.sessions().map(list -> list.stream().map(SessionItem::of).toList());
    }

    @DELETE
    @Path("/sessions/{id}")
    @SecurityRequirement(name = "bearer")
    @Operation(summary = "End one of your sessions", description = "Its access token stops working at once. Ending the "
            + "caller's own session logs out this client only; `POST /sessions/revoke` ends all of them.")
    @APIResponse(responseCode = "204", description = "The session has ended")
    @APIResponse(responseCode = "401", description = "No valid access token (`unauthenticated`)",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    @APIResponse(responseCode = "404", description = "The caller's account has no live session with this id (`not_found`)",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    public Uni<Response> endSession(@Parameter(description = "The session's id, from `GET /sessions`") @PathParam("id") String id) {
        UUID sessionId;
        try {
            sessionId = UUID.fromString(id);
        } catch (IllegalArgumentException e) {
            // not an id any session can have: the same answer as an unknown one
            return login.me().map(user -> {
                throw new FlowException(ErrorCode.NOT_FOUND, "No such session.");
            });
        }
        return login.endSession(sessionId).replaceWith(Response.noContent().build());
    }

    /** One live session. */
    @Schema(name = "Session")
    public record SessionItem(
            @Schema(description = "The session's id") UUID id,
            @Schema(description = "When the login happened") OffsetDateTime createdAt,
            @Schema(description = "When its access token expires") OffsetDateTime expiresAt,
            @Schema(description = "The User-Agent of the login request, shortened", nullable = true) String userAgent,
            @Schema(description = "Whether this is the caller's own session") boolean current) {

        static SessionItem of(LoginService.SessionInfo s) {
            return new SessionItem(s.id(), s.createdAt(), s.expiresAt(), s.userAgent(), s.current());
        }
    }

    /** Feathers' authentication result. */
    @Schema(name = "Session", requiredProperties = { "accessToken", "authentication", "user" })
    public record SessionView(@Schema(description = "A JWT for the bearer scheme") String accessToken,
            @Schema(description = "{strategy: local, accessToken}") Map<String, Object> authentication, UserView user) {

        static SessionView of(String accessToken, User user) {
            return new SessionView(accessToken, Map.of("strategy", "local", "accessToken", accessToken), UserView.of(user));
        }
    }
}
