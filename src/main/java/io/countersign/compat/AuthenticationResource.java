package io.countersign.compat;

import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.headers.Header;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.ExampleObject;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.RequestBody;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import io.smallrye.mutiny.Uni;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

/**
 * {@code POST /authentication}, as the Feathers authentication service answers it with the {@code local}
 * strategy, so that the stock Feathers client can log in: {@code 201 {accessToken, authentication, user}}, errors
 * in the Feathers envelope ({@code 401 NotAuthenticated "Invalid login"}). The {@code jwt} strategy
 * ({@code {"strategy":"jwt","accessToken":…}}) answers the same for a still valid token, as the client's
 * {@code reAuthenticate()} expects.
 */
@Path("/authentication")
@Tag(name = "Compat (feathers-authentication-management)")
public class AuthenticationResource {

    private final AuthenticationService service;
    private final Wire wire;

    public AuthenticationResource(AuthenticationService service, Wire wire) {
        this.service = service;
        this.wire = wire;
    }

    @POST
    @Consumes(MediaType.WILDCARD)
    @Operation(summary = "Log in (Feathers-compatible)", description = "{\"strategy\":\"local\",\"email\":…,\"password\":…}; "
            + "unverified accounts are refused unless configured otherwise. {\"strategy\":\"jwt\",\"accessToken\":…} "
            + "re-authenticates with a still valid token. With login switched off (countersign.flows.login.enabled=false) "
            + "the local strategy answers 403 (flow_disabled); re-authentication stays. With countersign.terms.required, "
            + "the right password of an account that has not accepted the terms in force answers 403 Forbidden with "
            + "data {code: terms_acceptance_required, termsVersion, termsUrl} and no session; the same login with "
            + "termsVersion accepts them and signs in (docs/terms.md). A wrong password answers as ever.")
    @RequestBody(required = true, content = @Content(mediaType = MediaType.APPLICATION_JSON,
            schema = @Schema(ref = "AuthenticationRequest"), examples = {
                    @ExampleObject(name = "local", value = "{\"strategy\":\"local\",\"email\":\"ada@example.com\","
                            + "\"password\":\"violet tractor umbrella 47\"}"),
                    @ExampleObject(name = "jwt", value = "{\"strategy\":\"jwt\",\"accessToken\":\"eyJ…\"}") }))
    @APIResponse(responseCode = "201", description = "Logged in", content = @Content(mediaType = Wire.JSON_UTF8,
            schema = @Schema(implementation = AuthenticationService.Result.class)))
    @APIResponse(responseCode = "400", description = "Not a JSON object (badParams), or the account is not verified "
            + "(isVerified)", content = @Content(mediaType = Wire.JSON_UTF8, schema = @Schema(implementation = FeathersError.class)))
    @APIResponse(responseCode = "401", description = "Invalid login, no or unknown strategy, no or invalid access token",
            content = @Content(mediaType = Wire.JSON_UTF8, schema = @Schema(implementation = FeathersError.class)))
    @APIResponse(responseCode = "403", description = "Login with a password is switched off (Forbidden, flow_disabled), or "
            + "the account must accept the terms in force first (Forbidden, data.code terms_acceptance_required with "
            + "data.termsVersion and data.termsUrl)",
            content = @Content(mediaType = Wire.JSON_UTF8, schema = @Schema(implementation = FeathersError.class)))
    @APIResponse(responseCode = "429", description = "Too many attempts", headers = @Header(name = "Retry-After",
            schema = @Schema(implementation = Integer.class)), content = @Content(mediaType = Wire.JSON_UTF8,
                    schema = @Schema(implementation = FeathersError.class)))
    @APIResponse(responseCode = "500", description = "An unexpected failure (GeneralError)", content = @Content(
            mediaType = Wire.JSON_UTF8, schema = @Schema(implementation = FeathersError.class)))
    public Uni<Response> authenticate(String body) {
        return service.create(body).map(wire::answer);
    }
}
