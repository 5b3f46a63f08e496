package io.countersign.api;

import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import io.countersign.config.CountersignConfig;
import io.countersign.config.Flow;
import io.countersign.error.ErrorCode;
import io.countersign.error.FlowException;
import io.countersign.flow.IdentityChangeService;
import io.countersign.security.LimitedAction;
import io.countersign.security.RateLimiter;
import io.countersign.user.UserView;
import io.countersign.web.ApiDocument;
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
@Path("/identity")
@Tag(name = "Identity change")
@FlowSwitch(Flow.IDENTITY_CHANGE)
public class IdentityResource {

    private final RequestValidator valid;

    private final IdentityChangeService identity;
    private final CountersignConfig config;

    private final RateLimiter limits;

    public IdentityResource(IdentityChangeService identity, RequestValidator valid, RateLimiter limits,
            CountersignConfig config) {
        this.config = config;
        this.limits = limits;
        this.valid = valid;
        this.identity = identity;
    }

    @POST
    @Path("/change")
    @SecurityRequirement(name = "bearer")
    @Operation(summary = "Change email or phone", description = "Needs the password. The new value is held until confirmed "
            + "from the new address.")
    @APIResponse(responseCode = "202", description = "Accepted: a confirmation is on its way to the new address", content = @Content(mediaType = "application/json",
            schema = @Schema(implementation = Accepted.class)))
    @APIResponse(responseCode = "400", ref = ApiDocument.BAD_REQUEST)
    @APIResponse(responseCode = "401", ref = ApiDocument.UNAUTHENTICATED)
    @APIResponse(responseCode = "403", ref = ApiDocument.FLOW_DISABLED)
    @APIResponse(responseCode = "409", ref = ApiDocument.CONFLICT)
    public Uni<Response> change(@Valid @NotNull Requests.IdentityChange body) {
        valid.check(body);
        return identity.request(null, body.password(), body.changes())
                .replaceWith(Response.accepted(Accepted.of("A confirmation was sent to the new address.")).type(MediaType.APPLICATION_JSON_TYPE).build());
    }

    @POST
    @Path("/confirm")
    @Operation(summary = "Confirm a pending email/phone change", description = "With the link token, or with the code and "
            + "the account's current email/phone/username. The old address receives a revert link.")
    @APIResponse(responseCode = "200", description = "The account with its new email/phone", content = @Content(mediaType = "application/json",
            schema = @Schema(implementation = UserView.class)))
    @APIResponse(responseCode = "400", ref = ApiDocument.BAD_REQUEST)
    @APIResponse(responseCode = "403", ref = ApiDocument.FLOW_DISABLED)
    @APIResponse(responseCode = "409", ref = ApiDocument.CONFLICT)
    @APIResponse(responseCode = "429", ref = ApiDocument.RATE_LIMITED)
    public Uni<UserView> confirm(@Valid @NotNull Requests.Redeem body) {
        valid.check(body);
        if (body.byToken()) {
            return identity.confirmByToken(body.token()).map(UserView::of);
        }
        // a code is guessable: the same per-account limit as verify and reset by code (compat verifySignupShort)
        return limits.check(LimitedAction.CODE, body.who().accountKey())
                .chain(() -> identity.confirmByCode(body.who().identity(config.identifyUserProps()), body.code()))
                .map(UserView::of);
    }

    @POST
    @Path("/revert")
    @Operation(summary = "Revert a confirmed change from the old address", description = "Restores the old value, "
            + "revokes all sessions, clears the password and sends a reset link.")
    @APIResponse(responseCode = "200", description = "The account with its old email/phone, without a password", content = @Content(mediaType = "application/json",
            schema = @Schema(implementation = UserView.class)))
    @APIResponse(responseCode = "400", ref = ApiDocument.BAD_REQUEST)
    @APIResponse(responseCode = "403", ref = ApiDocument.FLOW_DISABLED)
    @APIResponse(responseCode = "409", ref = ApiDocument.CONFLICT)
    public Uni<UserView> revert(@Valid @NotNull Requests.Redeem body) {
        valid.check(body);
        if (!body.byToken()) {
            throw new FlowException(ErrorCode.INVALID_REQUEST,
                    "A revert needs the link token.", "token");
        }
        return identity.revert(body.token()).map(UserView::of);
    }
}
