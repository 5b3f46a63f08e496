package io.countersign.user;

import java.util.Set;
import java.util.UUID;

import org.eclipse.microprofile.jwt.JsonWebToken;

import io.countersign.config.CountersignConfig;
import io.countersign.error.ErrorCode;
import io.countersign.error.FlowException;
import io.quarkus.security.identity.CurrentIdentityAssociation;
import io.quarkus.security.identity.SecurityIdentity;
import io.smallrye.jwt.auth.principal.JWTParser;
import io.smallrye.jwt.auth.principal.ParseException;
import io.smallrye.jwt.build.Jwt;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * Signed access tokens (HS256 JWT) that carry the user's session epoch in claim {@value #EPOCH_CLAIM}. A token
 * whose epoch is older than the user's current one is refused: bumping the epoch logs the user out everywhere.
 */
@ApplicationScoped
public class AccessTokens {

    public static final String EPOCH_CLAIM = "sep";

    private final CountersignConfig.Login config;
    private final CurrentIdentityAssociation identity;
    private final UserRepository users;
    private final JWTParser parser;

    public static final String ADMIN_GROUP = "admin";

    private final AdminConfig admins;

    public AccessTokens(CountersignConfig config, CurrentIdentityAssociation identity, UserRepository users, JWTParser parser,
            AdminConfig admins) {
        this.admins = admins;
        if (config.login().jwtSecret().getBytes(java.nio.charset.StandardCharsets.UTF_8).length < 32) {
            throw new IllegalStateException("countersign.login.jwt-secret (JWT_SECRET) must be at least 32 bytes");
        }
        this.config = config.login();
        this.identity = identity;
        this.users = users;
        this.parser = parser;
    }

    public String issue(User user) {
        return Jwt.issuer(config.issuer())
                .subject(user.id.toString())
                .upn(user.email != null ? user.email : user.phone)
                .groups(admins.isAdmin(user.email) ? Set.of("user", ADMIN_GROUP) : Set.of("user"))
                .claim(EPOCH_CLAIM, user.sessionEpoch)
                .expiresIn(config.accessTokenLifetime())
                .signWithSecret(config.jwtSecret());
    }

    /** The authenticated caller, loaded in the current session; {@code unauthenticated} when absent or revoked. */
    public Uni<User> caller() {
        return identity.getDeferredIdentity()
                .onFailure().transform(e -> unauthenticated())
                .chain(this::load);
    }

    /** The authenticated caller, whose token must carry the group; {@code forbidden} when it does not. */
    public Uni<User> caller(String group) {
        return identity.getDeferredIdentity()
                .onFailure().transform(e -> unauthenticated())
                .chain(id -> load(id).invoke(user -> {
                    if (!id.getRoles().contains(group)) {
                        throw new FlowException(ErrorCode.FORBIDDEN, "This needs the " + group + " role.");
                    }
                }));
    }

    /** The user of an access token presented in a request body (Feathers' {@code jwt} strategy). */
    public Uni<User> verify(String accessToken) {
        JsonWebToken jwt;
        try {
            jwt = parser.parse(accessToken);
        } catch (ParseException | RuntimeException e) {
            return Uni.createFrom().failure(unauthenticated());
        }
        return load(jwt);
    }

    private Uni<User> load(SecurityIdentity id) {
        if (id == null || id.isAnonymous() || !(id.getPrincipal() instanceof JsonWebToken jwt)) {
            return Uni.createFrom().failure(unauthenticated());
        }
        return load(jwt);
    }

    private Uni<User> load(JsonWebToken jwt) {
        UUID userId;
        try {
            userId = UUID.fromString(jwt.getSubject());
        } catch (RuntimeException e) {
            return Uni.createFrom().failure(unauthenticated());
        }
        Object epoch = jwt.getClaim(EPOCH_CLAIM);
        return users.findById(userId).map(user -> {
            if (user == null || epoch == null || user.sessionEpoch != ((Number) toNumber(epoch)).intValue()) {
                throw unauthenticated();
            }
            return user;
        });
    }

    private static Object toNumber(Object claim) {
        if (claim instanceof jakarta.json.JsonNumber n) {
            return n.intValue();
        }
        return claim instanceof Number ? claim : -1;
    }

    private static FlowException unauthenticated() {
        return new FlowException(ErrorCode.UNAUTHENTICATED, "Not authenticated: log in again.");
    }
}
