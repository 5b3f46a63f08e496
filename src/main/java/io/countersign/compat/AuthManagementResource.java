package io.countersign.compat;

import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.enums.ParameterIn;
import org.eclipse.microprofile.openapi.annotations.headers.Header;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.ExampleObject;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.parameters.RequestBody;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
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
 * It hands the body to {@link AuthManagementService}, which the socket.io transport calls too, and writes its
 * answer: 201 or 204, or the Feathers error envelope with the error's code as the status.
 */
@Path("/authManagement")
@Tag(name = "Compat (feathers-authentication-management)")
public class AuthManagementResource {

    private final AuthManagementService service;
    private final Wire wire;

    public AuthManagementResource(AuthManagementService service, Wire wire) {
        this.service = service;
        this.wire = wire;
    }

    @POST
    @Consumes(MediaType.WILDCARD)
    @Operation(summary = "feathers-authentication-management action", description = "Body {action, value, ...}; see docs/compat.md.")
    @RequestBody(required = true, content = @Content(mediaType = MediaType.APPLICATION_JSON,
            schema = @Schema(ref = "AuthManagementRequest"), examples = {
                    @ExampleObject(name = "checkUnique", value = "{\"action\":\"checkUnique\",\"value\":{\"email\":\"ada@example.com\",\"username\":\"ada\"},\"ownId\":null,\"meta\":{\"noErrMsg\":false}}"),
                    @ExampleObject(name = "resendVerifySignup", value = "{\"action\":\"resendVerifySignup\",\"value\":{\"email\":\"ada@example.com\"},\"notifierOptions\":{\"transport\":\"email\"}}"),
                    @ExampleObject(name = "verifySignupLong", value = "{\"action\":\"verifySignupLong\",\"value\":\"<token from the link>\"}"),
                    @ExampleObject(name = "verifySignupShort", value = "{\"action\":\"verifySignupShort\",\"value\":{\"token\":\"123456\",\"user\":{\"email\":\"ada@example.com\"}}}"),
                    @ExampleObject(name = "verifySignupSetPasswordLong", value = "{\"action\":\"verifySignupSetPasswordLong\",\"value\":{\"token\":\"<token>\",\"password\":\"violet tractor umbrella 47\"}}"),
                    @ExampleObject(name = "verifySignupSetPasswordShort", value = "{\"action\":\"verifySignupSetPasswordShort\",\"value\":{\"token\":\"123456\",\"user\":{\"email\":\"ada@example.com\"},\"password\":\"violet tractor umbrella 47\"}}"),
                    @ExampleObject(name = "sendResetPwd", value = "{\"action\":\"sendResetPwd\",\"value\":{\"email\":\"ada@example.com\"}}"),
                    @ExampleObject(name = "resetPwdLong", value = "{\"action\":\"resetPwdLong\",\"value\":{\"token\":\"<token>\",\"password\":\"violet tractor umbrella 47\"}}"),
                    @ExampleObject(name = "resetPwdShort", value = "{\"action\":\"resetPwdShort\",\"value\":{\"token\":\"123456\",\"user\":{\"email\":\"ada@example.com\"},\"password\":\"violet tractor umbrella 47\"}}"),
                    @ExampleObject(name = "passwordChange", value = "{\"action\":\"passwordChange\",\"value\":{\"user\":{\"email\":\"ada@example.com\"},\"oldPassword\":\"violet tractor umbrella 47\",\"password\":\"orange bicycle lantern 58\"}}"),
                    @ExampleObject(name = "identityChange", value = "{\"action\":\"identityChange\",\"value\":{\"user\":{\"email\":\"ada@example.com\"},\"password\":\"violet tractor umbrella 47\",\"changes\":{\"email\":\"ada@example.org\"}}}"),
                    @ExampleObject(name = "retryCustomConfirmation", value = "{\"action\":\"retryCustomConfirmation\",\"value\":{\"email\":\"ada@example.com\"}}"),
                    @ExampleObject(name = "callResetPasswordFunction", value = "{\"action\":\"callResetPasswordFunction\",\"value\":{\"user\":{\"email\":\"ada@example.com\"},\"password\":\"orange bicycle lantern 58\",\"arguments\":{\"securityAnswer\":\"blue\"}}}"),
                    @ExampleObject(name = "options", value = "{\"action\":\"options\"}") }))
    @APIResponse(responseCode = "201", description = "Done: the sanitized user, {} (enumeration protection), "
            + "{status: pending, message} (a hook answered pending) or, for options, the options", content = @Content(mediaType = Wire.JSON_UTF8, schema = @Schema(ref = "AuthManagementReply")))
    @APIResponse(responseCode = "204", description = "checkUnique: every value is free")
    @APIResponse(responseCode = "400", description = "Refused: errors.$className says why (badParams, invalidToken, "
            + "verifyExpired, hookRefused with the hook's message, ...)", content = @Content(mediaType = Wire.JSON_UTF8, schema = @Schema(implementation = FeathersError.class)))
    @APIResponse(responseCode = "401", description = "passwordChange, identityChange: no valid access token", content = @Content(mediaType = Wire.JSON_UTF8, schema = @Schema(implementation = FeathersError.class)))
    @APIResponse(responseCode = "403", description = "passwordChange, identityChange: the token is another account's; any "
            + "switched-off action (flow_disabled, docs/hooks.md)", content = @Content(mediaType = Wire.JSON_UTF8, schema = @Schema(implementation = FeathersError.class)))
    @APIResponse(responseCode = "405", description = "An array body (multi-create is not supported)", content = @Content(mediaType = Wire.JSON_UTF8, schema = @Schema(implementation = FeathersError.class)))
    @APIResponse(responseCode = "429", description = "Too many attempts", headers = @Header(name = "Retry-After",
            schema = @Schema(implementation = Integer.class)), content = @Content(mediaType = Wire.JSON_UTF8, schema = @Schema(implementation = FeathersError.class)))
    @APIResponse(responseCode = "500", description = "An unexpected failure (GeneralError)", content = @Content(mediaType = Wire.JSON_UTF8, schema = @Schema(implementation = FeathersError.class)))
    @APIResponse(responseCode = "503", description = "The database cannot be reached, or the application's hook failed "
            + "(Unavailable); Retry-After says when to try again", headers = @Header(name = "Retry-After",
            schema = @Schema(implementation = Integer.class)), content = @Content(mediaType = Wire.JSON_UTF8, schema = @Schema(implementation = FeathersError.class)))
    public Uni<Response> create(String body) {
        return service.create(body).map(wire::answer);
    }

    @GET
    @Operation(summary = "Not supported (Feathers find)")
    @APIResponse(responseCode = "405", description = "Not supported (MethodNotAllowed)", content = @Content(
            mediaType = Wire.JSON_UTF8, schema = @Schema(implementation = FeathersError.class)))
    public Response find() {
        return notSupported("find");
    }

    @GET
    @Path("{id}")
    @Parameter(name = "id", in = ParameterIn.PATH, required = true, schema = @Schema(implementation = String.class))
    @Operation(summary = "Not supported (Feathers get)")
    @APIResponse(responseCode = "405", description = "Not supported (MethodNotAllowed)", content = @Content(
            mediaType = Wire.JSON_UTF8, schema = @Schema(implementation = FeathersError.class)))
    public Response get() {
        return notSupported("get");
    }

    @PUT
    @Operation(summary = "Not supported (Feathers update)")
    @RequestBody(required = false, description = "Ignored", content = @Content(mediaType = MediaType.APPLICATION_JSON))
    @APIResponse(responseCode = "405", description = "Not supported (MethodNotAllowed)", content = @Content(
            mediaType = Wire.JSON_UTF8, schema = @Schema(implementation = FeathersError.class)))
    public Response updateAll() {
        return notSupported("update");
    }

    @PUT
    @Path("{id: .*}")
    @Parameter(name = "id", in = ParameterIn.PATH, required = true, schema = @Schema(implementation = String.class))
    @Operation(summary = "Not supported (Feathers update)")
    @RequestBody(required = false, description = "Ignored", content = @Content(mediaType = MediaType.APPLICATION_JSON))
    @APIResponse(responseCode = "405", description = "Not supported (MethodNotAllowed)", content = @Content(
            mediaType = Wire.JSON_UTF8, schema = @Schema(implementation = FeathersError.class)))
    public Response update() {
        return notSupported("update");
    }

    @PATCH
    @Operation(summary = "Not supported (Feathers patch)")
    @RequestBody(required = false, description = "Ignored", content = @Content(mediaType = MediaType.APPLICATION_JSON))
    @APIResponse(responseCode = "405", description = "Not supported (MethodNotAllowed)", content = @Content(
            mediaType = Wire.JSON_UTF8, schema = @Schema(implementation = FeathersError.class)))
    public Response patchAll() {
        return notSupported("patch");
    }

    @PATCH
    @Path("{id: .*}")
    @Parameter(name = "id", in = ParameterIn.PATH, required = true, schema = @Schema(implementation = String.class))
    @Operation(summary = "Not supported (Feathers patch)")
    @RequestBody(required = false, description = "Ignored", content = @Content(mediaType = MediaType.APPLICATION_JSON))
    @APIResponse(responseCode = "405", description = "Not supported (MethodNotAllowed)", content = @Content(
            mediaType = Wire.JSON_UTF8, schema = @Schema(implementation = FeathersError.class)))
    public Response patch() {
        return notSupported("patch");
    }

    @DELETE
    @Operation(summary = "Not supported (Feathers remove)")
    @APIResponse(responseCode = "405", description = "Not supported (MethodNotAllowed)", content = @Content(
            mediaType = Wire.JSON_UTF8, schema = @Schema(implementation = FeathersError.class)))
    public Response removeAll() {
        return notSupported("remove");
    }

    @DELETE
    @Path("{id: .*}")
    @Parameter(name = "id", in = ParameterIn.PATH, required = true, schema = @Schema(implementation = String.class))
    @Operation(summary = "Not supported (Feathers remove)")
    @APIResponse(responseCode = "405", description = "Not supported (MethodNotAllowed)", content = @Content(
            mediaType = Wire.JSON_UTF8, schema = @Schema(implementation = FeathersError.class)))
    public Response remove() {
        return notSupported("remove");
    }

    private Response notSupported(String method) {
        return wire.error(FeathersError.of(405, "Method `" + method + "` is not supported by this endpoint."));
    }
}
