package io.countersign.api;

import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import io.countersign.config.CountersignConfig;
import io.countersign.error.ErrorCode;
import io.countersign.error.FlowException;
import io.countersign.flow.NotifierOptions;
import io.countersign.flow.PasswordChangeService;
import io.countersign.flow.PasswordResetService;
import io.countersign.security.LimitedAction;
import io.countersign.security.RateLimiter;
import io.countersign.user.UserView;
import io.countersign.web.ApiDocument;
import io.countersign.web.RequestValidator;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

@ApplicationScoped
@Path("/password")
@Tag(name = "Password")
public class PasswordResource {

    private final RequestValidator valid;
    private final CountersignConfig config;

    private final PasswordResetService passwordReset;
    private final PasswordChangeService change;
    private final RateLimiter limits;

    public PasswordResource(PasswordResetService passwordReset, PasswordChangeService change, RequestValidator valid,
            CountersignConfig config, RateLimiter limits) {
        this.limits = limits;
        this.config = config;
        this.valid = valid;
        this.passwordReset = passwordReset;
        this.change = change;
    }

    @POST
    @Path("/forgot")
    @Operation(summary = "Send a password-reset link and code", description = "Answers 202 whether or not the account exists.")
    @APIResponse(responseCode = "202", description = "Accepted, whether or not the account exists", content = @Content(mediaType = "application/json",
            schema = @Schema(implementation = Accepted.class)))
    @APIResponse(responseCode = "400", ref = ApiDocument.BAD_REQUEST)
    @APIResponse(responseCode = "429", ref = ApiDocument.RATE_LIMITED)
    public Uni<Response> forgot(@Valid @NotNull Requests.Forgot body) {
        valid.check(body);
        NotifierOptions.check(body.notifierOptions());
        return limits.check(LimitedAction.FORGOT, body.who().accountKey())
                .chain(() -> passwordReset.sendReset(body.who().identity(config.identifyUserProps()), body.notifierOptions()))
                .replaceWith(Response.accepted(Accepted.of("If the account exists, a reset message is on its way.")).type(MediaType.APPLICATION_JSON_TYPE).build());
    }

    @POST
    @Path("/reset")
    @Operation(summary = "Set a new password", description = "With the link token, or with the code and the email/phone/username "
            + "it was sent to. Revokes every access token of the account.")
    @APIResponse(responseCode = "200", description = "The account, with its new password", content = @Content(mediaType = "application/json",
            schema = @Schema(implementation = UserView.class)))
    @APIResponse(responseCode = "400", ref = ApiDocument.BAD_REQUEST)
    @APIResponse(responseCode = "429", ref = ApiDocument.RATE_LIMITED)
    public Uni<UserView> reset(@Valid @NotNull Requests.Redeem body) {
        valid.check(body);
        if (body.password() == null) {
            throw new FlowException(ErrorCode.INVALID_REQUEST, "password is required.", "password");
        }
        if (body.byToken()) {
            return passwordReset.resetByToken(body.token(), body.password()).map(UserView::of);
        }
        return limits.check(LimitedAction.CODE, body.who().accountKey())
                .chain(() -> passwordReset.resetByCode(body.who().identity(config.identifyUserProps()), body.code(), body.password()))
                .map(UserView::of);
    }

    @POST
    @Path("/change")
    @SecurityRequirement(name = "bearer")
    @Operation(summary = "Change your password", description = "Needs the current password. Ends every other session of "
            + "the account; the caller's session and access token stay valid, and the answer carries that same token.")
    @APIResponse(responseCode = "200", description = "The caller's session, with the same access token; every other session "
            + "of the account ends", content = @Content(mediaType = "application/json",
            schema = @Schema(implementation = SessionResource.SessionView.class)))
    @APIResponse(responseCode = "400", ref = ApiDocument.BAD_REQUEST)
    @APIResponse(responseCode = "401", ref = ApiDocument.UNAUTHENTICATED)
    public Uni<SessionResource.SessionView> change(@Valid @NotNull Requests.PasswordChange body) {
        valid.check(body);
        return change.change(null, body.currentPassword(), body.newPassword())
                .map(caller -> SessionResource.SessionView.of(caller.accessToken(), caller.user()));
    }
}
