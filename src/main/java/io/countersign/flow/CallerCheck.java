package io.countersign.flow;

import io.countersign.user.Identity;
import io.countersign.user.User;

/** An identity named in a request, which must be the authenticated caller's own. */
public record CallerCheck(Identity identity) {

    public boolean matches(User user) {
        return identity.fields().entrySet().stream().allMatch(e -> switch (e.getKey()) {
            case Identity.EMAIL -> e.getValue().equals(user.email);
            case Identity.PHONE -> e.getValue().equals(user.phone);
            case Identity.USERNAME -> user.username != null && e.getValue().equalsIgnoreCase(user.username);
            default -> false;
        });
    }
}
