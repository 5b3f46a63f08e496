package io.countersign.api;

import org.eclipse.microprofile.openapi.annotations.Operation;
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
import io.countersign.web.RequestValidator;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
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
    public Uni<Response> forgot(@Valid @NotNull Requests.Forgot body) {
        valid.check(body);
        NotifierOptions.check(body.notifierOptions());
        return limits.check(LimitedAction.FORGOT, body.who().accountKey())
                .chain(() -> passwordReset.sendReset(body.who().identity(config.identifyUserProps()), body.notifierOptions()))
                .replaceWith(Response.accepted(Accepted.of("If the account exists, a reset message is on its way.")).build());
    }

    @POST
    @Path("/reset")
    @Operation(summary = "Set a new password", description = "With the link token, or with the code and the email/phone/username "
            + "it was sent to. Revokes every access token of the account.")
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
    public Uni<SessionResource.SessionView> change(@Valid @NotNull Requests.PasswordChange body) {
        valid.check(body);
        return change.change(null, body.currentPassword(), body.newPassword())
                .map(caller -> SessionResource.SessionView.of(caller.accessToken(), caller.user()));
    }
}
