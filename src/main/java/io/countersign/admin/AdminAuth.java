package io.countersign.admin;

import java.util.EnumSet;

import io.countersign.audit.Actor;
import io.countersign.error.ErrorCode;
import io.countersign.error.FlowException;
import io.countersign.user.AccessTokens;
import io.quarkus.vertx.http.runtime.CurrentVertxRequest;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * The one place that decides whether the caller is an administrator with a scope. A request with the
 * {@value #KEY_HEADER} header is judged by that API key alone (its scopes); any other by its access token, which
 * must carry the {@code admin} group (accounts listed in {@code countersign.admin.emails}, every scope). No valid
 * credential: {@code unauthenticated} (401); a credential without the group or scope: {@code forbidden} (403).
 */
@ApplicationScoped
public class AdminAuth {

    /** The header that carries an API key. */
    public static final String KEY_HEADER = "X-Api-Key";

    private final AccessTokens tokens;
    private final ApiKeys keys;
    private final CurrentVertxRequest request;

    public AdminAuth(AccessTokens tokens, ApiKeys keys, CurrentVertxRequest request) {
        this.tokens = tokens;
        this.keys = keys;
        this.request = request;
    }

    /** The calling administrator, who holds the scope; fails {@code unauthenticated} or {@code forbidden}. */
    public Uni<Admin> require(AdminScope scope) {
        String key = request.getCurrent() == null ? null : request.getCurrent().request().getHeader(KEY_HEADER);
        Uni<Admin> admin = key != null ? keys.authenticate(key)
                : tokens.caller(AccessTokens.ADMIN_GROUP).map(user -> new Admin(Actor.account(user.id), EnumSet.allOf(AdminScope.class)));
        return admin.map(a -> {
            if (!a.scopes().contains(scope)) {
                throw new FlowException(ErrorCode.FORBIDDEN, "This needs the " + scope.wireName() + " scope.");
            }
            return a;
        });
    }
}
