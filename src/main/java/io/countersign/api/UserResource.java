package io.countersign.api;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;

import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import io.countersign.flow.LoginService;
import io.countersign.flow.SignUpCommand;
import io.countersign.flow.SignUpService;
import io.countersign.flow.Uniqueness;
import io.countersign.security.AccountKey;
import io.countersign.security.LimitedAction;
import io.countersign.security.RateLimiter;
import io.countersign.web.ErrorCode;
import io.countersign.web.FlowException;
import io.countersign.web.NotifierOptions;
import io.countersign.web.RequestValidator;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;

@ApplicationScoped
@Path("/users")
@Tag(name = "Accounts")
public class UserResource {

    private final RequestValidator valid;

    private final SignUpService signUp;
    private final Uniqueness uniqueness;
    private final LoginService login;
    private final RateLimiter limits;

    public UserResource(SignUpService signUp, Uniqueness uniqueness, LoginService login, RequestValidator valid, RateLimiter limits) {
        this.valid = valid;
        this.limits = limits;
        this.signUp = signUp;
        this.uniqueness = uniqueness;
        this.login = login;
    }

    @POST
    @Operation(summary = "Sign up", description = "Creates the account unverified and sends a verification link and code. "
            + "Without a password the account is an invitation: verification sets the password.")
    public Uni<Response> signUp(@Valid @NotNull Requests.SignUp body, @Context UriInfo uri) {
        valid.check(body);
        NotifierOptions.check(body.notifierOptions());
        SignUpCommand command = new SignUpCommand(body.email(), body.phone(), body.username(), body.password(),
                body.displayName(), body.preferredChannel(), body.locale(), body.notifierOptions());
        return limits.check(LimitedAction.SIGN_UP, AccountKey.of(body.email(), body.phone(), body.username()))
                .chain(() -> signUp.signUp(command)).map(user -> Response
                .created(uri.getBaseUriBuilder().path(UserResource.class).path(user.id.toString()).build())
                .entity(UserView.of(user)).build());
    }

    @POST
    @Path("/uniqueness")
    @Operation(summary = "Check whether email, phone or username are free", description = "ownId excludes the caller's own account.")
    public Uni<UniquenessView> uniqueness(@Valid @NotNull Requests.Uniqueness body) {
        valid.check(body);
        Map<String, String> values = new LinkedHashMap<>();
        values.put("email", body.email());
        values.put("phone", body.phone());
        values.put("username", body.username());
        if (values.values().stream().allMatch(v -> v == null)) {
            throw new FlowException(ErrorCode.INVALID_REQUEST, "Give at least one of email, phone, username.");
        }
        return limits.check(LimitedAction.UNIQUENESS, AccountKey.of(body.email(), body.phone(), body.username()))
                .chain(() -> uniqueness.taken(values, body.ownId())).map(UniquenessView::of);
    }

    @GET
    @Path("/me")
    @SecurityRequirement(name = "bearer")
    @Operation(summary = "The authenticated caller's account")
    public Uni<UserView> me() {
        return login.me().map(UserView::of);
    }

    @GET
    @Path("/{id}")
    @SecurityRequirement(name = "bearer")
    @Operation(summary = "An account; callers may read only their own")
    public Uni<UserView> get(@PathParam("id") UUID id) {
        return login.me().map(user -> {
            if (!user.id.equals(id)) {
                throw new FlowException(ErrorCode.FORBIDDEN, "You can only read your own account.");
            }
            return UserView.of(user);
        });
    }

    /** Which of the given values are taken. */
    public record UniquenessView(boolean available, Map<String, String> fields) {

        static UniquenessView of(Map<String, Boolean> taken) {
            Map<String, String> fields = new LinkedHashMap<>();
            taken.forEach((field, isTaken) -> fields.put(field, isTaken ? "taken" : "available"));
            return new UniquenessView(!taken.containsValue(true), fields);
        }
    }
}
