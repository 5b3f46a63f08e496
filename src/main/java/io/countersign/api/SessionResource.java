package io.countersign.api;

import java.util.Map;

import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import io.countersign.flow.LoginService;
import io.countersign.user.User;
import io.countersign.user.UserView;
import io.countersign.web.ApiDocument;
import io.smallrye.mutiny.Uni;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.core.Response;

/** Logout everywhere. Login ({@code POST /authentication}) speaks Feathers: see compat.AuthenticationResource. */
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

    /** Feathers' authentication result. */
    @Schema(name = "Session", requiredProperties = { "accessToken", "authentication", "user" })
    public record SessionView(@Schema(description = "A JWT for the bearer scheme") String accessToken,
            @Schema(description = "{strategy: local, accessToken}") Map<String, Object> authentication, UserView user) {

        static SessionView of(String accessToken, User user) {
            return new SessionView(accessToken, Map.of("strategy", "local", "accessToken", accessToken), UserView.of(user));
        }
    }
}
