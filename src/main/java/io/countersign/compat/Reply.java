package io.countersign.compat;

import java.util.Map;

import io.countersign.user.User;
import io.countersign.user.UserView;

/** A successful action: 201 with a JSON body, or 204 without one (checkUnique). */
public record Reply(int status, Object body) implements Answer {

    /** The sanitized user, as the reference answers most actions (no password hash, tokens or counters). */
    public static Reply user(User user) {
        return new Reply(201, UserView.of(user));
    }

    /** {@code 201 {}}: the answer that reveals nothing (enumeration protection). */
    public static Reply empty() {
        return new Reply(201, Map.of());
    }

    public static Reply created(Object body) {
        return new Reply(201, body);
    }

    public static Reply noContent() {
        return new Reply(204, null);
    }
}
