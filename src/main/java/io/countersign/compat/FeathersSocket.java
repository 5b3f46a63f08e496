package io.countersign.compat;

import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.eclipse.microprofile.jwt.JsonWebToken;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;

import io.countersign.socketio.SocketIoConnection;
import io.countersign.socketio.SocketIoHandler;
import io.quarkus.security.AuthenticationFailedException;
import io.quarkus.security.credential.TokenCredential;
import io.quarkus.security.identity.CurrentIdentityAssociation;
import io.quarkus.security.identity.SecurityIdentity;
import io.quarkus.security.runtime.QuarkusSecurityIdentity;
import io.smallrye.jwt.auth.principal.JWTParser;
import io.smallrye.jwt.auth.principal.ParseException;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * The Feathers services over socket.io, as {@code @feathersjs/transport-commons} runs them: the client emits
 * {@code (method, path, ...args, ack)}, e.g. {@code ("create", "authManagement", data, query, ack)}, and gets
 * {@code ack(error)} or {@code ack(null, result)}. {@code authManagement} and {@code authentication} run the same
 * code as their REST endpoints ({@link AuthManagementService}, {@link AuthenticationService}). As on a Feathers server,
 * a successful {@code authentication} {@code create} authenticates the connection: later calls on it act as that
 * caller (passwordChange, identityChange) until {@code remove} (the client's {@code logout()}) or a failed token check.
 */
@ApplicationScoped
public class FeathersSocket implements SocketIoHandler {

    static final String AUTH_MANAGEMENT = "authManagement";
    static final String AUTHENTICATION = "authentication";
    /** The access token the connection authenticated with, kept with the connection. */
    static final String ACCESS_TOKEN = "accessToken";

    /** The names a Feathers server listens to; other events go unanswered, as there. */
    private static final Set<String> METHODS = Set.of("find", "get", "create", "update", "patch", "remove");
    private static final Map<String, Set<String>> SERVICES = Map.of(AUTH_MANAGEMENT, Set.of("create"),
            AUTHENTICATION, Set.of("create", "remove"));

    private final AuthManagementService authManagement;
    private final AuthenticationService authentication;
    private final CurrentIdentityAssociation identity;
    private final JWTParser parser;

    public FeathersSocket(AuthManagementService authManagement, AuthenticationService authentication,
            CurrentIdentityAssociation identity, JWTParser parser) {
        this.authManagement = authManagement;
        this.authentication = authentication;
        this.identity = identity;
        this.parser = parser;
    }

    @Override
    public Uni<List<Object>> event(SocketIoConnection connection, String method, List<JsonNode> args) {
        if (!METHODS.contains(method)) {
            return Uni.createFrom().nullItem();
        }
        return Uni.createFrom().deferred(() -> call(connection, method, args)).map(FeathersSocket::ack);
    }

    /** transport-commons' runMethod: the service, the method, the number of arguments, then the call. */
    private Uni<Answer> call(SocketIoConnection connection, String method, List<JsonNode> args) {
        JsonNode pathArg = args.isEmpty() ? null : args.get(0);
        if (pathArg == null || !pathArg.isTextual()) {
            return refuse(FeathersError.of(404, "Invalid service path"));
        }
        String path = strip(pathArg.textValue());
        if (!SERVICES.containsKey(path)) {
            return refuse(FeathersError.of(404, "Service '" + pathArg.textValue() + "' not found"));
        }
        if (!SERVICES.get(path).contains(method)) {
            return refuse(FeathersError.of(405, "Method '" + method + "' not allowed on service '" + pathArg.textValue() + "'"));
        }
        List<JsonNode> rest = args.subList(1, args.size());
        int paramsPosition = switch (method) {
            case "find" -> 0;
            case "update", "patch" -> 2;
            default -> 1;
        };
        if (rest.size() > paramsPosition + 1) {
            return refuse(FeathersError.of(400, "Too many arguments for '" + method + "' method"));
        }
        JsonNode first = rest.isEmpty() ? null : rest.get(0);
        String token = connection.get(ACCESS_TOKEN);
        if (token != null) {
            identity.setIdentity(Uni.createFrom().item(() -> caller(token)).memoize().indefinitely());
        }
        if (AUTH_MANAGEMENT.equals(path)) {
            return authManagement.create(first);
        }
        return "create".equals(method) ? login(connection, first) : logout(connection, first, token);
    }

    private Uni<Answer> login(SocketIoConnection connection, JsonNode data) {
        return authentication.create(data).invoke(answer -> {
            if (answer instanceof Reply reply && reply.body() instanceof AuthenticationService.Result result) {
                connection.put(ACCESS_TOKEN, result.accessToken());
            }
        });
    }

    /** As Feathers' {@code remove(id)}: checks the connection's token (jwt strategy), answers its result and forgets it. */
    private Uni<Answer> logout(SocketIoConnection connection, JsonNode id, String token) {
        if (token == null) {
            return refuse(FeathersError.of(401, "Invalid authentication information (no `strategy` set)"));
        }
        if (id != null && !id.isNull() && !token.equals(id.asText())) {
            return refuse(FeathersError.of(401, "Invalid access token"));
        }
        JsonNode jwt = JsonNodeFactory.instance.objectNode().put("strategy", "jwt").put("accessToken", token);
        return authentication.create(jwt).invoke(answer -> {
            if (answer instanceof Reply) {
                connection.remove(ACCESS_TOKEN);
            }
        });
    }

    /** The caller of the connection's token, as the bearer mechanism builds it for an HTTP request. */
    private SecurityIdentity caller(String token) {
        try {
            JsonWebToken jwt = parser.parse(token);
            return QuarkusSecurityIdentity.builder().setPrincipal(jwt).addCredential(new TokenCredential(token, "bearer"))
                    .addRoles(jwt.getGroups()).build();
        } catch (ParseException e) {
            throw new AuthenticationFailedException(e);
        }
    }

    private static Uni<Answer> refuse(FeathersError error) {
        return Uni.createFrom().item(Refusal.of(error));
    }

    /** {@code ack(error)} or {@code ack(null, result)}; checkUnique's 204 is {@code null}, as Feathers sends it. */
    private static List<Object> ack(Answer answer) {
        if (answer instanceof Refusal refusal) {
            return List.of(refusal.error());
        }
        return Arrays.asList(null, ((Reply) answer).body());
    }

    private static String strip(String path) {
        return path.replaceAll("^/+|/+$", "");
    }
}
