package io.countersign.api;

import java.util.LinkedHashMap;
import java.util.Map;

import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import io.countersign.flow.LoginService;
import io.countersign.user.Identity;
import io.countersign.user.User;
import io.countersign.web.ErrorCode;
import io.countersign.web.FlowException;
import io.countersign.web.RequestValidator;
import io.smallrye.mutiny.Uni;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.core.Response;

@Tag(name = "Sessions")
@jakarta.enterprise.context.ApplicationScoped
@Path("/")
public class SessionResource {

    private final RequestValidator valid;
    private final io.countersign.config.CountersignConfig config;

    private final LoginService login;

    public SessionResource(LoginService login, RequestValidator valid, io.countersign.config.CountersignConfig config) {
        this.config = config;
        this.valid = valid;
        this.login = login;
    }

    @POST
    @Path("/authentication")
    @Operation(summary = "Log in (Feathers-compatible)", description = "{\"strategy\":\"local\",\"email\":…,\"password\":…}; "
            + "unverified accounts are refused unless configured otherwise.")
    public Uni<Response> login(@Valid @NotNull Requests.Login body) {
        valid.check(body);
        if (body.strategy() != null && !"local".equals(body.strategy())) {
            throw new FlowException(ErrorCode.INVALID_REQUEST, "Only the 'local' strategy is supported.", "strategy");
        }
        Map<String, String> fields = new LinkedHashMap<>();
        if (body.email() != null) {
            fields.put(Identity.EMAIL, body.email());
        }
        if (body.phone() != null) {
            fields.put(Identity.PHONE, body.phone());
        }
        if (body.username() != null) {
            fields.put(Identity.USERNAME, body.username());
        }
        if (body.password() == null || fields.isEmpty()) {
            throw new FlowException(ErrorCode.INVALID_REQUEST, "email (or phone/username) and password are required.");
        }
        return login.login(Identity.of(fields, config.identifyUserProps()), body.password())
                .map(s -> Response.status(Response.Status.CREATED).entity(SessionView.of(s.accessToken(), s.user())).build());
    }

    @POST
    @Path("/sessions/revoke")
    @SecurityRequirement(name = "bearer")
    @Operation(summary = "Log out everywhere", description = "Revokes every access token of the caller.")
    public Uni<Response> logoutEverywhere() {
        return login.logoutEverywhere().replaceWith(Response.noContent().build());
    }

    /** Feathers' authentication result. */
    public record SessionView(String accessToken, Map<String, Object> authentication, UserView user) {

        static SessionView of(String accessToken, User user) {
            return new SessionView(accessToken, Map.of("strategy", "local", "accessToken", accessToken), UserView.of(user));
        }
    }
}
