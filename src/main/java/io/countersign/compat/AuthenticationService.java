package io.countersign.compat;

import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.eclipse.microprofile.openapi.annotations.media.Schema;

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
import jakarta.enterprise.context.ApplicationScoped;

/**
 * The Feathers service {@code authentication} with the {@code local} and {@code jwt} strategies, whatever the
 * transport: {@code POST /authentication} ({@link AuthenticationResource}) and {@code create} over socket.io
 * ({@link FeathersSocket}) both call {@link #create}. A success is {@code 201 {accessToken, authentication, user}};
 * a failure the Feathers error ({@code 401 NotAuthenticated "Invalid login"}, ...).
 */
@ApplicationScoped
public class AuthenticationService {

    private static final List<String> IDENTIFIERS = List.of(Identity.EMAIL, Identity.PHONE, Identity.USERNAME);

    private final LoginService login;
    private final ObjectMapper json;
    private final FamErrors errors;
    private final RateLimiter limits;
    private final FlowSwitches switches;

    public AuthenticationService(LoginService login, ObjectMapper json, FamErrors errors, RateLimiter limits,
            FlowSwitches switches) {
        this.switches = switches;
        this.login = login;
        this.json = json;
        this.errors = errors;
        this.limits = limits;
    }

    /** The Feathers authentication result. */
    @Schema(name = "AuthenticationResult", requiredProperties = { "accessToken", "authentication", "user" })
    public record Result(@Schema(description = "A JWT for the bearer scheme") String accessToken,
            @Schema(description = "{strategy, accessToken (jwt strategy only), payload: the token's claims}")
            Map<String, Object> authentication, UserView user) {
    }

    /** A raw HTTP body (JSON text, possibly empty). */
    public Uni<Answer> create(String body) {
        return Uni.createFrom().deferred(() -> authenticate(parse(body)))
                .onFailure().recoverWithItem(e -> errors.refusal(e, Action.AUTHENTICATION));
    }

    /** The {@code data} of a socket call, already parsed; null when the client sent none. */
    public Uni<Answer> create(JsonNode data) {
        return Uni.createFrom().deferred(() -> authenticate(data == null || data.isMissingNode() ? json.createObjectNode() : data))
                .onFailure().recoverWithItem(e -> errors.refusal(e, Action.AUTHENTICATION));
    }

    private Uni<Answer> authenticate(JsonNode data) {
        check(data);
        String strategy = data.path("strategy").asText();
        Uni<LoginService.Session> session = "jwt".equals(strategy) ? resume(data) : local(data);
        return session.map(s -> Reply.created(result(strategy, s)));
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
            JsonNode terms = data.path("termsVersion");
            return login.login(identity, password.textValue(), terms.isTextual() ? terms.textValue() : null);
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

    private JsonNode parse(String body) {
        try {
            return body == null || body.isBlank() ? json.createObjectNode() : json.readTree(body);
        } catch (JacksonException e) {
            throw FeathersError.badParams("The request body is not valid JSON.").failure();
        }
    }

    private void check(JsonNode data) {
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
    }

    private static FlowException invalidLogin() {
        return new FlowException(ErrorCode.UNAUTHENTICATED, "Invalid login");
    }
}
