package io.countersign.audit;

/**
 * Who acted as an administrator: an account of the admin group ({@code account:<id>}) or an API key
 * ({@code key:<id>}, {@code key:bootstrap} for the configured bootstrap key). Written into the audit as
 * {@code details.actor}; names no person beyond an id.
 */
public record Actor(String kind, String id) {

    public static final String ACCOUNT = "account";
    public static final String KEY = "key";

    public static Actor account(Object id) {
        return new Actor(ACCOUNT, String.valueOf(id));
    }

    public static Actor key(Object id) {
        return new Actor(KEY, String.valueOf(id));
    }

    @Override
    public String toString() {
        return kind + ":" + id;
    }
}
