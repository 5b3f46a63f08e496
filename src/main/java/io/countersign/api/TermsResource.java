package io.countersign.api;

import java.util.LinkedHashMap;
import java.util.Map;

import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import io.countersign.config.Flow;
import io.countersign.error.ErrorCode;
import io.countersign.error.FlowException;
import io.countersign.flow.LoginService;
import io.countersign.flow.Terms;
import io.countersign.security.AccountKey;
import io.countersign.security.LimitedAction;
import io.countersign.security.RateLimiter;
import io.countersign.user.Identity;
import io.countersign.web.ApiDocument;
import io.countersign.web.FlowSwitch;
import io.countersign.web.Problem;
import io.countersign.web.RequestValidator;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

/**
 * The terms and conditions in force, and accepting them to sign in (docs/terms.md). Accepting is a login that also
 * accepts: the same password check, lockout, rate limit and audit as {@code POST /authentication}, so that a refusal
 * about the terms is only ever shown to someone who gave the right password.
 */
@ApplicationScoped
@Path("/terms")
@Tag(name = "Terms")
public class TermsResource {

    private final Terms terms;
    private final LoginService login;
    private final RateLimiter limits;
    private final RequestValidator valid;

    public TermsResource(Terms terms, LoginService login, RateLimiter limits, RequestValidator valid) {
        this.terms = terms;
        this.login = login;
        this.limits = limits;
        this.valid = valid;
    }

    /** The terms in force. */
    @Schema(name = "Terms", requiredProperties = { "version", "url", "required" })
    public record TermsView(@Schema(description = "The version in force; accept it with termsVersion") String version,
            @Schema(description = "Where this version can be read") String url,
            @Schema(description = "Whether every account must accept it to sign up and to sign in") boolean required) {
    }

    /** An acceptance: the account's credentials and the version accepted. */
    @Schema(name = "TermsAcceptance")
    public record Acceptance(
            @Size(max = Requests.ID_MAX) String email,
            @Size(max = 32) String phone,
            @Size(max = 64) String username,
            @Schema(required = true) @NotNull @Size(max = Requests.SECRET_MAX) String password,
            @Schema(required = true, description = "The version in force (GET /terms)") @NotNull @Size(max = 64) String termsVersion) {
    }

    @GET
    @Operation(summary = "The terms and conditions in force", description = "Their version, where to read them, and "
            + "whether every account must accept them (countersign.terms.*).")
    @APIResponse(responseCode = "200", description = "The terms in force",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = TermsView.class)))
    public TermsView current() {
        return new TermsView(terms.version(), terms.url(), terms.required());
    }

    @POST
    @Path("/acceptance")
    @FlowSwitch(Flow.LOGIN)
    @Operation(summary = "Accept the terms in force and sign in", description = "For an account whose login answered "
            + "terms_acceptance_required: its identity (email, phone or username), password and the version in force. "
            + "Records the acceptance (version, time, client IP) on the account and in the audit (terms_accepted) and "
            + "answers the session, as a login does. A wrong password answers 401 exactly like a wrong login; a "
            + "termsVersion other than the one in force 400 terms_not_accepted, before any account is looked up.")
    @APIResponse(responseCode = "201", description = "Accepted and signed in",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = SessionResource.SessionView.class)))
    @APIResponse(responseCode = "400", description = "termsVersion is not the version in force (terms_not_accepted, with "
            + "termsVersion and termsUrl), the account is not verified (not_verified), or the body is not valid "
            + "(invalid_request)", content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(ref = "Problem")))
    @APIResponse(responseCode = "401", description = "Invalid login: unknown account or wrong password (unauthenticated)",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(ref = "Problem")))
    @APIResponse(responseCode = "403", ref = ApiDocument.FLOW_DISABLED)
    @APIResponse(responseCode = "429", ref = ApiDocument.RATE_LIMITED)
    public Uni<Response> accept(@Valid @NotNull Acceptance body) {
        valid.check(body);
        terms.inForce(body.termsVersion());
        Map<String, String> fields = new LinkedHashMap<>();
        put(fields, Identity.EMAIL, body.email());
        put(fields, Identity.PHONE, body.phone());
        put(fields, Identity.USERNAME, body.username());
        return limits.check(LimitedAction.LOGIN, AccountKey.of(body.email(), body.phone(), body.username())).chain(() -> {
            Identity identity;
            try {
                identity = Identity.of(fields);
            } catch (FlowException malformed) {
                throw invalidLogin(); // no account has a malformed address: the answer of a wrong one
            }
            return login.login(identity, body.password(), body.termsVersion());
        }).map(session -> Response.status(Response.Status.CREATED).type(MediaType.APPLICATION_JSON_TYPE)
                .entity(SessionResource.SessionView.of(session.accessToken(), session.user())).build());
    }

    private static void put(Map<String, String> fields, String field, String value) {
        if (value != null) {
            fields.put(field, value);
        }
    }

    private static FlowException invalidLogin() {
        return new FlowException(ErrorCode.UNAUTHENTICATED, "Invalid login");
    }
}
