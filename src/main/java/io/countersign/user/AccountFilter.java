package io.countersign.user;

import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import io.quarkus.panache.common.Parameters;

/**
 * What an administrator searches accounts by: parts of the email, phone or username (case-insensitive, as typed:
 * {@code %} and {@code _} match themselves), verified or not, locked or not. Every given field must match; none
 * given lists every account.
 */
public record AccountFilter(String email, String phone, String username, Boolean verified, Boolean locked) {

    /** The HQL condition (or {@code 1 = 1}) and its parameters, as of {@code now} for the lock. */
    public Query query(OffsetDateTime now) {
        List<String> where = new ArrayList<>();
        Map<String, Object> params = new HashMap<>();
        contains(where, params, "email", email);
        contains(where, params, "phone", phone);
        contains(where, params, "username", username);
        if (verified != null) {
            where.add("verified = :verified");
            params.put("verified", verified);
        }
        if (locked != null) {
            where.add(locked ? "lockedUntil > :now" : "(lockedUntil is null or lockedUntil <= :now)");
            params.put("now", now);
        }
        Parameters parameters = new Parameters();
        params.forEach(parameters::and);
        return new Query(where.isEmpty() ? "1 = 1" : String.join(" and ", where), parameters);
    }

    private static void contains(List<String> where, Map<String, Object> params, String field, String value) {
        if (value == null || value.isBlank()) {
            return;
        }
        where.add("lower(" + field + ") like :" + field + " escape '\\'");
        params.put(field, "%" + escape(value.strip().toLowerCase(Locale.ROOT)) + "%");
    }

    private static String escape(String value) {
        return value.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_");
    }

    /** An HQL condition with its named parameters. */
    public record Query(String where, Parameters parameters) {
    }
}
