package io.countersign.compat;

import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.headers.Header;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.ExampleObject;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.RequestBody;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.countersign.config.Flow;
import io.countersign.config.FlowSwitches;
import io.countersign.error.ErrorCode;
import io.countersign.error.FlowException;
import io.countersign.flow.LoginService;
import io.countersign.security.AccountKey;
import io.countersign.security.LimitedAction;
import io.countersign.security.RateLimiter;
import io.countersign.user.Identity;
import io.countersign.user.UserView;
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

    private static final List<String> IDENTIFIERS = List.of(Identity.EMAIL, Identity.PHONE, Identity.USERNAME);

    private final LoginService login;
    private final ObjectMapper json;
    private final FamErrors errors;
    private final Wire wire;
    private final RateLimiter limits;

    private final FlowSwitches switches;

    public AuthenticationResource(LoginService login, ObjectMapper json, FamErrors errors, Wire wire, RateLimiter limits,
            FlowSwitches switches) {
        this.limits = limits;
        this.switches = switches;
        this.login = login;
        this.json = json;
        this.errors = errors;
        this.wire = wire;
    }

    /** The Feathers authentication result. */
    @Schema(name = "AuthenticationResult", requiredProperties = { "accessToken", "authentication", "user" })
    public record Result(@Schema(description = "A JWT for the bearer scheme") String accessToken,
            @Schema(description = "{strategy, accessToken (jwt strategy only), payload: the token's claims}")
            Map<String, Object> authentication, UserView user) {
    }

    @POST
    @Consumes(MediaType.WILDCARD)
    @Operation(summary = "Log in (Feathers-compatible)", description = "{\"strategy\":\"local\",\"email\":…,\"password\":…}; "
            + "unverified accounts are refused unless configured otherwise. {\"strategy\":\"jwt\",\"accessToken\":…} "
            + "re-authenticates with a still valid token. With login switched off (countersign.flows.login.enabled=false) "
            + "the local strategy answers 403 (flow_disabled); re-authentication stays.")
    @RequestBody(required = true, content = @Content(mediaType = MediaType.APPLICATION_JSON,
            schema = @Schema(ref = "AuthenticationRequest"), examples = {
                    @ExampleObject(name = "local", value = "{\"strategy\":\"local\",\"email\":\"ada@example.com\","
                            + "\"password\":\"violet tractor umbrella 47\"}"),
                    @ExampleObject(name = "jwt", value = "{\"strategy\":\"jwt\",\"accessToken\":\"eyJ…\"}") }))
    @APIResponse(responseCode = "201", description = "Logged in", content = @Content(mediaType = Wire.JSON_UTF8,
            schema = @Schema(implementation = Result.class)))
    @APIResponse(responseCode = "400", description = "Not a JSON object (badParams), or the account is not verified "
            + "(isVerified)", content = @Content(mediaType = Wire.JSON_UTF8, schema = @Schema(implementation = FeathersError.class)))
    @APIResponse(responseCode = "401", description = "Invalid login, no or unknown strategy, no or invalid access token",
            content = @Content(mediaType = Wire.JSON_UTF8, schema = @Schema(implementation = FeathersError.class)))
    @APIResponse(responseCode = "403", description = "Login with a password is switched off (Forbidden, flow_disabled)",
            content = @Content(mediaType = Wire.JSON_UTF8, schema = @Schema(implementation = FeathersError.class)))
    @APIResponse(responseCode = "429", description = "Too many attempts", headers = @Header(name = "Retry-After",
            schema = @Schema(implementation = Integer.class)), content = @Content(mediaType = Wire.JSON_UTF8,
                    schema = @Schema(implementation = FeathersError.class)))
    @APIResponse(responseCode = "500", description = "An unexpected failure (GeneralError)", content = @Content(
            mediaType = Wire.JSON_UTF8, schema = @Schema(implementation = FeathersError.class)))
    public Uni<Response> authenticate(String body) {
        return Uni.createFrom().deferred(() -> {
            JsonNode data = read(body);
            String strategy = data.path("strategy").asText();
            Uni<LoginService.Session> session = "jwt".equals(strategy) ? resume(data) : local(data);
            return session.map(s -> wire.created(result(strategy, s)));
        }).onFailure().recoverWithItem(e -> wire.error(errors.toError(e, Action.AUTHENTICATION), e));
    }

    private Uni<LoginService.Session> local(JsonNode data) {
        JsonNode password = data.path("password");
        Map<String, String> fields = new LinkedHashMap<>();
        for (String field : IDENTIFIERS) {
            if (data.path(field).isTextual()) {
                fields.put(field, data.path(field).textValue());
            }
        }
        String account = AccountKey.of(fields.get(Identity.EMAIL), fields.get(Identity.PHONE), fields.get(Identity.USERNAME));
        if (!switches.enabled(Flow.LOGIN)) {
            return Uni.createFrom().failure(new FlowException(ErrorCode.FLOW_DISABLED, FlowSwitches.offMessage(Flow.LOGIN)));
        }
        return limits.check(LimitedAction.LOGIN, account).chain(() -> {
            if (!password.isTextual() || password.textValue().isEmpty() || fields.isEmpty()) {
                throw invalidLogin();
            }
            Identity identity;
            try {
                identity = Identity.of(fields);
            } catch (FlowException malformed) {
                throw invalidLogin(); // a malformed address cannot have an account; say no more than for a wrong one
            }
            return login.login(identity, password.textValue());
        });
    }

    /** Limited per IP before the token is looked at, so that guessing or replaying tokens counts too. */
    private Uni<LoginService.Session> resume(JsonNode data) {
        return limits.check(LimitedAction.REAUTH, null).chain(() -> {
            JsonNode accessToken = data.path("accessToken");
            if (!accessToken.isTextual()) {
                throw FeathersError.of(401, "No access token").failure();
            }
            return login.resume(accessToken.textValue());
        });
    }

    /**
     * As Feathers answers: {@code authentication} holds the strategy and the token's decoded claims
     * ({@code payload}); the {@code jwt} strategy also echoes the token there.
     */
    private Result result(String strategy, LoginService.Session session) {
        Map<String, Object> authentication = new LinkedHashMap<>();
        authentication.put("strategy", strategy);
        if ("jwt".equals(strategy)) {
            authentication.put("accessToken", session.accessToken());
        }
        authentication.put("payload", claims(session.accessToken()));
        return new Result(session.accessToken(), authentication, UserView.of(session.user()));
    }

    private JsonNode claims(String accessToken) {
        try {
            return json.readTree(Base64.getUrlDecoder().decode(accessToken.split("\\.")[1]));
        } catch (java.io.IOException | RuntimeException e) {
            throw new IllegalStateException("cannot read the claims of an issued access token", e);
        }
    }

    private JsonNode read(String body) {
        JsonNode data;
        try {
            data = body == null || body.isBlank() ? json.createObjectNode() : json.readTree(body);
        } catch (JacksonException e) {
            throw FeathersError.badParams("The request body is not valid JSON.").failure();
        }
        if (data == null || !data.isObject()) {
            throw FeathersError.badParams("The request body must be a JSON object.").failure();
        }
        if (Inputs.containsNul(data)) {
            throw FeathersError.badParams(Inputs.NUL_REFUSED).failure();
        }
        JsonNode strategy = data.path("strategy");
        if (strategy.isMissingNode() || strategy.isNull()) {
            throw FeathersError.of(401, "Invalid authentication information (no `strategy` set)").failure();
        }
        if (!"local".equals(strategy.asText()) && !"jwt".equals(strategy.asText())) {
            throw FeathersError.of(401, "Invalid authentication information (strategy not allowed in authStrategies)").failure();
        }
        return data;
    }

    private static FlowException invalidLogin() {
        return new FlowException(ErrorCode.UNAUTHENTICATED, "Invalid login");
    }
}
