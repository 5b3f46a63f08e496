package io.countersign.api;

import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import io.countersign.captcha.CaptchaVerifier.Guard;
import io.countersign.config.CountersignConfig;
import io.countersign.config.Flow;
import io.countersign.error.ErrorCode;
import io.countersign.error.FlowException;
import io.countersign.flow.NotifierOptions;
import io.countersign.flow.PasswordChangeService;
import io.countersign.flow.PasswordResetService;
import io.countersign.flow.ResetHook;
import io.countersign.security.LimitedAction;
import io.countersign.security.RateLimiter;
import io.countersign.user.UserView;
import io.countersign.web.ApiDocument;
import io.countersign.web.CaptchaGuard;
import io.countersign.web.FlowSwitch;
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
    private final ResetHook hook;

    public PasswordResource(PasswordResetService passwordReset, PasswordChangeService change, RequestValidator valid,
            CountersignConfig config, RateLimiter limits, ResetHook hook) {
        this.limits = limits;
        this.hook = hook;
        this.config = config;
        this.valid = valid;
        this.passwordReset = passwordReset;
        this.change = change;
    }

    @POST
    @Path("/forgot")
    @Operation(summary = "Send a password-reset link and code", description = "Answers 202 whether or not the account exists. "
            + "403 flow_disabled when password reset is switched off, or done by the application's hook (use /password/reset-by-hook). With a captcha guard (docs/captcha.md) the "
            + "widget's token goes in X-Captcha-Response.")
    @APIResponse(responseCode = "202", description = "Accepted, whether or not the account exists", content = @Content(mediaType = "application/json",
            schema = @Schema(implementation = Accepted.class)))
    @APIResponse(responseCode = "400", ref = ApiDocument.BAD_REQUEST)
    @APIResponse(responseCode = "403", ref = ApiDocument.FLOW_DISABLED)
    @APIResponse(responseCode = "429", ref = ApiDocument.RATE_LIMITED)
    @APIResponse(responseCode = "503", ref = ApiDocument.CAPTCHA_UNAVAILABLE)
    @Parameter(ref = ApiDocument.CAPTCHA_RESPONSE)
    @FlowSwitch(Flow.RESET)
    @CaptchaGuard(Guard.FORGOT)
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
            + "it was sent to. Revokes every access token of the account. The token may also come as the two halves a reset "
            + "hook gets (tokenId and token). 403 flow_disabled when password reset is switched off.")
    @APIResponse(responseCode = "200", description = "The account, with its new password", content = @Content(mediaType = "application/json",
            schema = @Schema(implementation = UserView.class)))
    @APIResponse(responseCode = "400", ref = ApiDocument.BAD_REQUEST)
    @APIResponse(responseCode = "403", ref = ApiDocument.FLOW_DISABLED)
    @APIResponse(responseCode = "429", ref = ApiDocument.RATE_LIMITED)
    @FlowSwitch(Flow.RESET)
    public Uni<UserView> reset(@Valid @NotNull Requests.Redeem body) {
        valid.check(body);
        if (body.password() == null) {
            throw new FlowException(ErrorCode.INVALID_REQUEST, "password is required.", "password");
        }
        if (body.byToken()) {
            return passwordReset.resetByToken(body.linkToken(), body.password()).map(UserView::of);
        }
        return limits.check(LimitedAction.CODE, body.who().accountKey())
                .chain(() -> passwordReset.resetByCode(body.who().identity(config.identifyUserProps()), body.code(), body.password()))
                .map(UserView::of);
    }

    @POST
    @Path("/reset-by-hook")
    @Operation(summary = "Reset the password through the application's hook", description = "With "
            + "countersign.hooks.reset-method=hook (MongoDB Atlas' callResetPasswordFunction): the new password stays here; "
            + "the hook gets the account, a reset token (tokenId and token) and the arguments (docs/hooks.md). 200 with the account "
            + "when the hook answers success (the password is set, every session ends); 202 pending when the application "
            + "delivers the token itself (complete with POST /password/reset, tokenId, token and the password); 400 "
            + "hook_refused with the hook's message when it answers fail. With enumeration protection on, an unknown or "
            + "unverified account answers 202 pending like a pending hook, in as long as a real run takes.")
    @APIResponse(responseCode = "200", description = "The hook answered success: the password is set", content = @Content(
            mediaType = "application/json", schema = @Schema(implementation = UserView.class)))
    @APIResponse(responseCode = "202", description = "The hook answered pending (or, with enumeration protection, the account "
            + "is unknown or unverified)", content = @Content(mediaType = "application/json", schema = @Schema(implementation = Pending.class)))
    @APIResponse(responseCode = "400", ref = ApiDocument.BAD_REQUEST)
    @APIResponse(responseCode = "403", ref = ApiDocument.FLOW_DISABLED)
    @APIResponse(responseCode = "429", ref = ApiDocument.RATE_LIMITED)
    @APIResponse(responseCode = "503", ref = ApiDocument.HOOK_UNAVAILABLE)
    @FlowSwitch(Flow.RESET)
    public Uni<Response> resetByHook(@Valid @NotNull Requests.ResetByHook body) {
        valid.check(body);
        return limits.check(LimitedAction.FORGOT, body.who().accountKey())
                .chain(() -> hook.reset(body.who().identity(config.identifyUserProps()), body.password(), body.arguments()))
                .map(VerificationResource::answer);
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
    @APIResponse(responseCode = "403", ref = ApiDocument.FLOW_DISABLED)
    @FlowSwitch(Flow.PASSWORD_CHANGE)
    public Uni<SessionResource.SessionView> change(@Valid @NotNull Requests.PasswordChange body) {
        valid.check(body);
        return change.change(null, body.currentPassword(), body.newPassword())
                .map(caller -> SessionResource.SessionView.of(caller.accessToken(), caller.user()));
    }
}
