package io.countersign.api;

import java.util.LinkedHashMap;
import java.util.Map;
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

import io.countersign.captcha.CaptchaVerifier.Guard;
import io.countersign.config.CountersignConfig;
import io.countersign.config.Flow;
import io.countersign.error.ErrorCode;
import io.countersign.error.FlowException;
import io.countersign.flow.AccountDeletionService;
import io.countersign.flow.LoginService;
import io.countersign.flow.NotifierOptions;
import io.countersign.flow.SignUpCommand;
import io.countersign.flow.SignUpService;
import io.countersign.flow.Uniqueness;
import io.countersign.security.AccountKey;
import io.countersign.security.LimitedAction;
import io.countersign.security.RateLimiter;
import io.countersign.user.UserView;
import io.countersign.web.ApiDocument;
import io.countersign.web.CaptchaGuard;
import io.countersign.web.FlowSwitch;
import io.countersign.web.Problem;
import io.countersign.web.RequestValidator;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
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

@ApplicationScoped
@Path("/users")
@Tag(name = "Accounts")
public class UserResource {

    static final String SIGNED_UP = "If the address can be used, a verification message is on its way to it.";

    private final RequestValidator valid;

    private final SignUpService signUp;
    private final Uniqueness uniqueness;
    private final LoginService login;
    private final RateLimiter limits;
    private final CountersignConfig config;
    private final AccountDeletionService deletion;

    public UserResource(SignUpService signUp, Uniqueness uniqueness, LoginService login, RequestValidator valid, RateLimiter limits,
            CountersignConfig config, AccountDeletionService deletion) {
        this.valid = valid;
        this.config = config;
        this.limits = limits;
        this.signUp = signUp;
        this.uniqueness = uniqueness;
        this.login = login;
        this.deletion = deletion;
    }

    @POST
    @Operation(summary = "Sign up", description = "Creates the account unverified and sends a verification link and code. "
            + "Without a password the account is an invitation: verification sets the password. With enumeration protection "
            + "on (the default) the answer is 202 with the same body whether or not the email or phone is already "
            + "registered; the owner of a registered address gets an 'account exists' notice instead. With it off: 201 with "
            + "the account, or 409 identity_taken. How the account is confirmed follows countersign.hooks.confirmation-method "
            + "(docs/hooks.md): with auto it is verified at once; with hook the application's hook is asked after the account is "
            + "stored, and its fail answers 400 hook_refused with its message, a failed hook 503 hook_unavailable (the account "
            + "stays unverified: POST /verification/retry). 403 flow_disabled when sign-up is switched off. With a captcha guard "
            + "(countersign.captcha, docs/captcha.md) the widget's token goes in X-Captcha-Response: 400 captcha_required or "
            + "captcha_invalid, 503 captcha_unavailable when the provider cannot be asked. termsVersion accepts the "
            + "terms and conditions in force (docs/terms.md): required when countersign.terms.required is on, and a given "
            + "version must be the one in force; otherwise 400 terms_not_accepted with termsVersion and termsUrl, decided "
            + "before any account is looked up.")
    @APIResponse(responseCode = "202", description = "Enumeration protection on: accepted, check your inbox",
            content = @Content(mediaType = "application/json", schema = @Schema(implementation = Accepted.class)))
    @APIResponse(responseCode = "201", description = "Enumeration protection off: the new account",
            headers = @Header(name = "Location", description = "The account's URL", schema = @Schema(implementation = String.class)),
            content = @Content(mediaType = "application/json", schema = @Schema(implementation = UserView.class)))
    @APIResponse(responseCode = "400", ref = ApiDocument.BAD_REQUEST)
    @APIResponse(responseCode = "403", ref = ApiDocument.FLOW_DISABLED)
    @APIResponse(responseCode = "409", ref = ApiDocument.CONFLICT)
    @APIResponse(responseCode = "429", ref = ApiDocument.RATE_LIMITED)
    @APIResponse(responseCode = "503", ref = ApiDocument.HOOK_UNAVAILABLE)
    @Parameter(ref = ApiDocument.CAPTCHA_RESPONSE)
    @FlowSwitch(Flow.SIGN_UP)
    @CaptchaGuard(Guard.SIGN_UP)
    public Uni<Response> signUp(@Valid @NotNull Requests.SignUp body, @Context UriInfo uri) {
        valid.check(body);
        NotifierOptions.check(body.notifierOptions());
        SignUpCommand command = new SignUpCommand(body.email(), body.phone(), body.username(), body.password(),
                body.displayName(), body.preferredChannel(), body.locale(), body.notifierOptions());
        return limits.check(LimitedAction.SIGN_UP, AccountKey.of(body.email(), body.phone(), body.username()))
                .chain(() -> signUp.signUp(command, body.termsVersion())).map(user -> config.enumerationProtection()
                        ? Response.accepted(Accepted.of(SIGNED_UP)).type(MediaType.APPLICATION_JSON_TYPE).build()
                        : Response.created(uri.getBaseUriBuilder().path(UserResource.class).path(user.id.toString()).build())
                                .entity(UserView.of(user)).type(MediaType.APPLICATION_JSON_TYPE).build());
    }

    @POST
    @Path("/uniqueness")
    @Operation(summary = "Check whether email, phone or username are free", description = "ownId excludes the caller's own account.")
    @APIResponse(responseCode = "200", description = "Which of the given values are taken", content = @Content(mediaType = "application/json",
            schema = @Schema(implementation = UniquenessView.class)))
    @APIResponse(responseCode = "400", ref = ApiDocument.BAD_REQUEST)
    @APIResponse(responseCode = "429", ref = ApiDocument.RATE_LIMITED)
    public Uni<UniquenessView> uniqueness(@Valid @NotNull Requests.Uniqueness body) {
        valid.check(body);
        Map<String, String> values = new LinkedHashMap<>();
        values.put("email", body.email());
        values.put("phone", body.phone());
        values.put("username", body.username());
        if (values.values().stream().allMatch(v -> v == null)) {
            throw new FlowException(ErrorCode.INVALID_REQUEST, "Give at least one of email, phone, username.");
        }
        // the rate limits and the lookup: one statement
        return uniqueness.takenWithin(LimitedAction.UNIQUENESS, AccountKey.of(body.email(), body.phone(), body.username()), values, body.ownId())
                .map(UniquenessView::of);
    }

    @GET
    @Path("/me")
    @SecurityRequirement(name = "bearer")
    @Operation(summary = "The authenticated caller's account")
    @APIResponse(responseCode = "200", description = "The caller's account", content = @Content(mediaType = "application/json",
            schema = @Schema(implementation = UserView.class)))
    @APIResponse(responseCode = "401", ref = ApiDocument.UNAUTHENTICATED)
    public Uni<UserView> me() {
        return login.me().map(UserView::of);
    }

    @DELETE
    @Path("/me")
    @SecurityRequirement(name = "bearer")
    @Operation(summary = "Delete your account", description = "Needs the current password. The account goes with its pending "
            + "links and codes and every session; the audit keeps its entries without client addresses; a notice goes to the "
            + "account's addresses (`accountDeleted`), which can sign up again at once.")
    @APIResponse(responseCode = "204", description = "The account is deleted")
    @APIResponse(responseCode = "400", description = "`password_incorrect`, or `invalid_request` for a missing or malformed body",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    @APIResponse(responseCode = "401", description = "No valid access token (`unauthenticated`)",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    public Uni<Response> delete(@Valid @NotNull Requests.AccountDeletion body) {
        valid.check(body);
        return deletion.deleteOwn(body.password()).replaceWith(Response.noContent().build());
    }

    @GET
    @Path("/{id}")
    @SecurityRequirement(name = "bearer")
    @Operation(summary = "An account; callers may read only their own")
    @APIResponse(responseCode = "200", description = "The caller's account", content = @Content(mediaType = "application/json",
            schema = @Schema(implementation = UserView.class)))
    @APIResponse(responseCode = "401", ref = ApiDocument.UNAUTHENTICATED)
    @APIResponse(responseCode = "403", ref = ApiDocument.FORBIDDEN)
    @APIResponse(responseCode = "404", ref = ApiDocument.NOT_FOUND)
    public Uni<UserView> get(@Parameter(schema = @Schema(type = SchemaType.STRING, format = "uuid")) @PathParam("id") UUID id) {
        return login.me().map(user -> {
            if (!user.id.equals(id)) {
                throw new FlowException(ErrorCode.FORBIDDEN, "You can only read your own account.");
            }
            return UserView.of(user);
        });
    }

    /** Which of the given values are taken. */
    @Schema(name = "Uniqueness", requiredProperties = { "available", "fields" })
    public record UniquenessView(@Schema(description = "True when none of the given values is taken") boolean available,
            @Schema(description = "Each given field: taken or available")
            Map<String, String> fields) {

        static UniquenessView of(Map<String, Boolean> taken) {
            Map<String, String> fields = new LinkedHashMap<>();
            taken.forEach((field, isTaken) -> fields.put(field, isTaken ? "taken" : "available"));
            return new UniquenessView(!taken.containsValue(true), fields);
        }
    }
}
