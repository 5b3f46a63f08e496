package io.countersign.compat;

import com.fasterxml.jackson.databind.JsonNode;

import io.countersign.security.AccountKey;
import io.countersign.security.LimitedAction;
import io.countersign.security.RateLimiter;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * The rate limits of {@code POST /authManagement}: the same counters as the resource API's equivalent
 * endpoints, checked before the action reads its input, so that malformed attempts count too. checkUnique counts in
 * the statement of its lookup instead ({@link AccountActions#checkUnique}), a malformed call alone before it is refused.
 */
@ApplicationScoped
public class CompatLimits {

    private final RateLimiter limiter;

    public CompatLimits(RateLimiter limiter) {
        this.limiter = limiter;
    }

    Uni<Void> check(ActionRequest request) {
        JsonNode value = request.value();
        return switch (request.action()) {
            // counted in the statement of its lookup (flow/Uniqueness.takenWithin, AccountActions.checkUnique)
            case CHECK_UNIQUE -> Uni.createFrom().voidItem();
            case RESEND_VERIFY_SIGNUP -> limiter.check(LimitedAction.RESEND, account(value));
            case SEND_RESET_PWD -> limiter.check(LimitedAction.FORGOT, account(value));
            case VERIFY_SIGNUP_SHORT, VERIFY_SIGNUP_SET_PASSWORD_SHORT, RESET_PWD_SHORT ->
                limiter.check(LimitedAction.CODE, account(value == null ? null : value.get("user")));
            default -> Uni.createFrom().voidItem();
        };
    }

    /** The account a request's identifying object names (see {@link AccountKey}), or null. */
    static String account(JsonNode identify) {
        return identify == null || !identify.isObject() ? null
                : AccountKey.of(text(identify, "email"), text(identify, "phone"), text(identify, "username"));
    }

    private static String text(JsonNode object, String field) {
        JsonNode node = object.get(field);
        return node != null && node.isTextual() ? node.textValue() : null;
    }
}
