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
import jakarta.json.JsonString;

/**
 * Signed access tokens (HS256 JWT) that carry the user's session epoch in claim {@value #EPOCH_CLAIM} and their
 * session (one row per login, {@link Session}) in claim {@value #SESSION_CLAIM}. A token whose epoch is older than
 * the user's current one is refused: bumping the epoch logs the user out everywhere. A token whose session was
 * ended (or that names none) is refused too: one session can end alone.
 */
@ApplicationScoped
public class AccessTokens {

    public static final String EPOCH_CLAIM = "sep";
    public static final String SESSION_CLAIM = "sid";

    /** An authenticated caller: the account, the session the token belongs to, and the token itself. */
    public record Caller(User user, UUID sessionId, String accessToken) {
    }

    private final CountersignConfig.Login config;
    private final CurrentIdentityAssociation identity;
    private final UserRepository users;
    private final JWTParser parser;

    public static final String ADMIN_GROUP = "admin";

    private final AdminConfig admins;
    private final SessionRepository sessions;

    public AccessTokens(CountersignConfig config, CurrentIdentityAssociation identity, UserRepository users, JWTParser parser,
            AdminConfig admins, SessionRepository sessions) {
        if (config.login().jwtSecret().getBytes(java.nio.charset.StandardCharsets.UTF_8).length < 32) {
            throw new IllegalStateException("countersign.login.jwt-secret (JWT_SECRET) must be at least 32 bytes");
        }
        this.config = config.login();
        this.identity = identity;
        this.users = users;
        this.parser = parser;
        this.admins = admins;
        this.sessions = sessions;
    }

    /** Opens a session for the user (a login) and answers its access token. */
    public Uni<String> open(User user, String userAgent) {
        return sessions.open(user, config.accessTokenLifetime(), userAgent).map(session -> issue(user, session));
    }

    private String issue(User user, Session session) {
        return Jwt.issuer(config.issuer())
                .subject(user.id.toString())
                .upn(user.email != null ? user.email : user.phone)
                .groups(admins.isAdmin(user.email) ? Set.of("user", ADMIN_GROUP) : Set.of("user"))
                .claim(EPOCH_CLAIM, user.sessionEpoch)
                .claim(SESSION_CLAIM, session.id.toString())
                .expiresAt(session.expiresAt.toInstant())
                .signWithSecret(config.jwtSecret());
    }

    /** The authenticated caller, loaded in the current session; {@code unauthenticated} when absent or revoked. */
    public Uni<User> caller() {
        return session().map(Caller::user);
    }

    /** The authenticated caller with the session of the token; {@code unauthenticated} when absent or revoked. */
    public Uni<Caller> session() {
        return identity.getDeferredIdentity()
                .onFailure().transform(e -> unauthenticated())
                .chain(this::load);
    }

    /** The authenticated caller, whose token must carry the group; {@code forbidden} when it does not. */
    public Uni<User> caller(String group) {
        return identity.getDeferredIdentity()
                .onFailure().transform(e -> unauthenticated())
                .chain(id -> load(id).map(caller -> {
                    if (!id.getRoles().contains(group)) {
                        throw new FlowException(ErrorCode.FORBIDDEN, "This needs the " + group + " role.");
                    }
                    return caller.user();
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
        return load(jwt).map(Caller::user);
    }

    private Uni<Caller> load(SecurityIdentity id) {
        if (id == null || id.isAnonymous() || !(id.getPrincipal() instanceof JsonWebToken jwt)) {
            return Uni.createFrom().failure(unauthenticated());
        }
        return load(jwt);
    }

    private Uni<Caller> load(JsonWebToken jwt) {
        UUID userId;
        UUID sessionId;
        try {
            userId = UUID.fromString(jwt.getSubject());
            sessionId = UUID.fromString(String.valueOf(toText(jwt.getClaim(SESSION_CLAIM))));
        } catch (RuntimeException e) {
            return Uni.createFrom().failure(unauthenticated());
        }
        Object epoch = jwt.getClaim(EPOCH_CLAIM);
        return users.findById(userId).chain(user -> {
            if (user == null || epoch == null || user.sessionEpoch != ((Number) toNumber(epoch)).intValue()) {
                return Uni.createFrom().failure(unauthenticated());
            }
            return sessions.isLive(user, sessionId).map(live -> {
                if (!live) {
                    throw unauthenticated();
                }
                return new Caller(user, sessionId, jwt.getRawToken());
            });
        });
    }

    private static Object toText(Object claim) {
        return claim instanceof JsonString s ? s.getString() : claim;
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
