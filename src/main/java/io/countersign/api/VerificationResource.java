package io.countersign.api;

import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import io.countersign.config.CountersignConfig;
import io.countersign.flow.NotifierOptions;
import io.countersign.flow.VerificationService;
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
@Path("/verification")
@Tag(name = "Verification")
public class VerificationResource {

    private final RequestValidator valid;
    private final CountersignConfig config;

    private final VerificationService verification;
    private final RateLimiter limits;

    public VerificationResource(VerificationService verification, RequestValidator valid, CountersignConfig config,
            RateLimiter limits) {
        this.limits = limits;
        this.config = config;
        this.valid = valid;
        this.verification = verification;
    }

    @POST
    @Path("/resend")
    @Operation(summary = "Send a new verification link and code", description = "By email/phone/username or by an earlier "
            + "verification token. Answers 202 whether or not the account exists or is already verified.")
    @APIResponse(responseCode = "202", description = "Accepted, whether or not the account exists or is verified", content = @Content(mediaType = "application/json",
            schema = @Schema(implementation = Accepted.class)))
    @APIResponse(responseCode = "400", ref = ApiDocument.BAD_REQUEST)
    @APIResponse(responseCode = "429", ref = ApiDocument.RATE_LIMITED)
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
            + "code answers 400 token_incorrect alike.")
    @APIResponse(responseCode = "200", description = "The verified account", content = @Content(mediaType = "application/json",
            schema = @Schema(implementation = UserView.class)))
    @APIResponse(responseCode = "400", ref = ApiDocument.BAD_REQUEST)
    @APIResponse(responseCode = "409", ref = ApiDocument.CONFLICT)
    @APIResponse(responseCode = "429", ref = ApiDocument.RATE_LIMITED)
    public Uni<UserView> confirm(@Valid @NotNull Requests.Redeem body) {
        valid.check(body);
        if (body.byToken()) {
            return verification.verifyByToken(body.token(), body.password()).map(UserView::of);
        }
        return limits.check(LimitedAction.CODE, body.who().accountKey())
                .chain(() -> verification.verifyByCode(body.who().identity(config.identifyUserProps()), body.code(), body.password()))
                .map(UserView::of);
    }
}
