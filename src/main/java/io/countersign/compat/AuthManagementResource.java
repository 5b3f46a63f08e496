package io.countersign.compat;

import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import io.smallrye.mutiny.Uni;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.PATCH;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

/**
 * {@code POST /authManagement}: the feathers-authentication-management v5 protocol (docs/compat.md).
 * It only reads the body, dispatches to the same flow services as the resource API and writes
 * Feathers-shaped answers; every failure, thrown or signalled, becomes a Feathers error envelope here.
 */
@Path("/authManagement")
@Tag(name = "Compat (feathers-authentication-management)")
public class AuthManagementResource {

    private final RequestReader reader;
    private final VerifyActions verify;
    private final PasswordResetActions reset;
    private final AccountActions account;
    private final CompatSettings settings;
    private final FamErrors errors;
    private final Wire wire;
    private final CompatLimits limits;

    public AuthManagementResource(RequestReader reader, VerifyActions verify, PasswordResetActions reset, AccountActions account,
            CompatSettings settings, FamErrors errors, Wire wire, CompatLimits limits) {
        this.limits = limits;
        this.reader = reader;
        this.verify = verify;
        this.reset = reset;
        this.account = account;
        this.settings = settings;
        this.errors = errors;
        this.wire = wire;
    }

    @POST
    @Consumes(MediaType.WILDCARD)
    @Operation(summary = "feathers-authentication-management action", description = "Body {action, value, ...}; see docs/compat.md.")
    public Uni<Response> create(String body) {
        ActionRequest request;
        try {
            request = reader.read(body);
        } catch (FeathersError.Failure f) {
            return Uni.createFrom().item(wire.error(errors.toError(f, null)));
        }
        return limits.check(request).chain(() -> dispatch(request))
                .map(wire::reply)
                .onFailure().recoverWithItem(e -> wire.error(errors.toError(e, request.action()), e));
    }

    private Uni<Reply> dispatch(ActionRequest request) {
        return switch (request.action()) {
            case CHECK_UNIQUE -> account.checkUnique(request);
            case RESEND_VERIFY_SIGNUP -> verify.resend(request);
            case VERIFY_SIGNUP_LONG -> verify.verifyLong(request);
            case VERIFY_SIGNUP_SHORT -> verify.verifyShort(request);
            case VERIFY_SIGNUP_SET_PASSWORD_LONG -> verify.verifyLongSetPassword(request);
            case VERIFY_SIGNUP_SET_PASSWORD_SHORT -> verify.verifyShortSetPassword(request);
            case SEND_RESET_PWD -> reset.sendReset(request);
            case RESET_PWD_LONG -> reset.resetLong(request);
            case RESET_PWD_SHORT -> reset.resetShort(request);
            case PASSWORD_CHANGE -> account.changePassword(request);
            case IDENTITY_CHANGE -> account.changeIdentity(request);
            case OPTIONS -> Uni.createFrom().item(Reply.created(settings.options()));
            case AUTHENTICATION -> throw new IllegalStateException("not an authManagement action");
        };
    }

    @GET
    public Response find() {
        return notSupported("find");
    }

    @GET
    @Path("{id}")
    public Response get() {
        return notSupported("get");
    }

    @PUT
    @Path("{id: .*}")
    public Response update() {
        return notSupported("update");
    }

    @PATCH
    @Path("{id: .*}")
    public Response patch() {
        return notSupported("patch");
    }

    @DELETE
    @Path("{id: .*}")
    public Response remove() {
        return notSupported("remove");
    }

    private Response notSupported(String method) {
        return wire.error(FeathersError.of(405, "Method `" + method + "` is not supported by this endpoint."));
    }
}
