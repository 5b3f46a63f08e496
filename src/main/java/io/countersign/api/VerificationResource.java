package io.countersign.api;

import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import io.countersign.captcha.CaptchaVerifier.Guard;
import io.countersign.config.CountersignConfig;
import io.countersign.config.Flow;
import io.countersign.flow.ConfirmationHook;
import io.countersign.flow.HookRun;
import io.countersign.flow.Methods;
import io.countersign.flow.NotifierOptions;
import io.countersign.flow.VerificationService;
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
@Path("/verification")
@Tag(name = "Verification")
public class VerificationResource {

    private final RequestValidator valid;
    private final CountersignConfig config;

    private final VerificationService verification;
    private final RateLimiter limits;
    private final ConfirmationHook hook;
    private final Methods methods;

    public VerificationResource(VerificationService verification, RequestValidator valid, CountersignConfig config,
            RateLimiter limits, ConfirmationHook hook, Methods methods) {
        this.limits = limits;
        this.hook = hook;
        this.methods = methods;
        this.config = config;
        this.valid = valid;
        this.verification = verification;
    }

    @POST
    @Path("/resend")
    @Operation(summary = "Send a new verification link and code", description = "By email/phone/username or by an earlier "
            + "verification token. Answers 202 whether or not the account exists or is already verified. 403 flow_disabled "
            + "when resending is switched off, or accounts are confirmed by the application's hook (use /verification/retry). With a captcha guard "
            + "(docs/captcha.md) the widget's token goes in X-Captcha-Response.")
    @APIResponse(responseCode = "202", description = "Accepted, whether or not the account exists or is verified", content = @Content(mediaType = "application/json",
            schema = @Schema(implementation = Accepted.class)))
    @APIResponse(responseCode = "400", ref = ApiDocument.BAD_REQUEST)
    @APIResponse(responseCode = "403", ref = ApiDocument.FLOW_DISABLED)
    @APIResponse(responseCode = "429", ref = ApiDocument.RATE_LIMITED)
    @APIResponse(responseCode = "503", ref = ApiDocument.CAPTCHA_UNAVAILABLE)
    @Parameter(ref = ApiDocument.CAPTCHA_RESPONSE)
    @FlowSwitch(Flow.RESEND)
    @CaptchaGuard(Guard.RESEND)
    public Uni<Response> resend(@Valid @NotNull Requests.Resend body) {
        valid.check(body);
        NotifierOptions.check(body.notifierOptions());
        Uni<?> work = limits.check(LimitedAction.RESEND, body.who().accountKey()).chain(() -> body.token() != null
                ? verification.resendByToken(body.token(), body.notifierOptions())
                : verification.resend(body.who().identity(config.identifyUserProps()), body.notifierOptions()));
        return work.replaceWith(Response.accepted(Accepted.of("If the account exists and is not yet verified, a new message is on its way.")).type(MediaType.APPLICATION_JSON_TYPE).build());
    }

    @POST
    @Path("/confirm")
    @Operation(summary = "Verify the account", description = "With the link token, or with the code and the email/phone/username "
            + "it was sent to. With a password, that password becomes the account's (repeat the sign-up password to keep it); "
            + "without one, a password set at sign-up is discarded, since whoever chose it may never have proved the address "
            + "(docs/verification.md). An invited account (created without a password) is verified only with one, and answers "
            + "400 `password_required` without, leaving the link or code usable. With enumeration protection on, every refused "
            + "code answers 400 token_incorrect alike. The token may also come as the two halves a confirmation hook gets "
            + "(tokenId and token). 403 flow_disabled when verification by link (token) or by code is switched off.")
    @APIResponse(responseCode = "200", description = "The verified account", content = @Content(mediaType = "application/json",
            schema = @Schema(implementation = UserView.class)))
    @APIResponse(responseCode = "400", ref = ApiDocument.BAD_REQUEST)
    @APIResponse(responseCode = "403", ref = ApiDocument.FLOW_DISABLED)
    @APIResponse(responseCode = "409", ref = ApiDocument.CONFLICT)
    @APIResponse(responseCode = "429", ref = ApiDocument.RATE_LIMITED)
    public Uni<UserView> confirm(@Valid @NotNull Requests.Redeem body) {
        valid.check(body);
        // one operation, two switchable flows: which one the body says
        methods.require(body.byToken() ? Flow.VERIFY_LINK : Flow.VERIFY_CODE);
        if (body.byToken()) {
            return verification.verifyByToken(body.linkToken(), body.password()).map(UserView::of);
        }
        return limits.check(LimitedAction.CODE, body.who().accountKey())
                .chain(() -> verification.verifyByCode(body.who().identity(config.identifyUserProps()), body.code(), body.password()))
                .map(UserView::of);
    }

    @POST
    @Path("/retry")
    @Operation(summary = "Run the confirmation hook again", description = "With countersign.hooks.confirmation-method=hook "
            + "(MongoDB Atlas' retryCustomConfirmation): issues a new token and asks the application's hook again "
            + "(docs/hooks.md). 200 with the account when the hook answers success; 202 pending when it delivers the token "
            + "itself (complete with POST /verification/confirm, tokenId and token); 400 hook_refused with the hook's message "
            + "when it answers fail. With enumeration protection on, an unknown or already verified account answers 202 pending "
            + "like a pending hook, in as long as a real run takes.")
    @APIResponse(responseCode = "200", description = "The hook answered success: the account is verified", content = @Content(
            mediaType = "application/json", schema = @Schema(implementation = UserView.class)))
    @APIResponse(responseCode = "202", description = "The hook answered pending (or, with enumeration protection, the account "
            + "is unknown or verified)", content = @Content(mediaType = "application/json", schema = @Schema(implementation = Pending.class)))
    @APIResponse(responseCode = "400", ref = ApiDocument.BAD_REQUEST)
    @APIResponse(responseCode = "403", ref = ApiDocument.FLOW_DISABLED)
    @APIResponse(responseCode = "429", ref = ApiDocument.RATE_LIMITED)
    @APIResponse(responseCode = "503", ref = ApiDocument.HOOK_UNAVAILABLE)
    @FlowSwitch(Flow.RESEND)
    public Uni<Response> retry(@Valid @NotNull Requests.Retry body) {
        valid.check(body);
        return limits.check(LimitedAction.RESEND, body.who().accountKey())
                .chain(() -> hook.retry(body.who().identity(config.identifyUserProps())))
                .map(VerificationResource::answer);
    }

    /** A hook's answer: the account (success) or pending; fail and failures arrive as exceptions. */
    static Response answer(HookRun.Done done) {
        if (done.succeeded()) {
            return Response.ok(UserView.of(done.user())).type(MediaType.APPLICATION_JSON_TYPE).build();
        }
        return Response.accepted(Pending.of(done.message(), "The application will be in touch to complete this."))
                .type(MediaType.APPLICATION_JSON_TYPE).build();
    }
}
