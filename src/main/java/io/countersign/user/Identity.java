package io.countersign.user;

import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;

import io.countersign.error.ErrorCode;
import io.countersign.error.FlowException;
import io.quarkus.panache.common.Parameters;

/**
 * A set of identifying fields (email, phone, username) that selects a user, normalised the way they are
 * stored: email trimmed and lower-cased, phone in E.164 without separators, username matched
 * case-insensitively.
 */
public final class Identity {

    public static final String EMAIL = "email";
    public static final String PHONE = "phone";
    public static final String USERNAME = "username";

    private static final Pattern EMAIL_SHAPE = Pattern.compile("^[^@\\s\\p{Cntrl}]{1,64}@[^@\\s\\p{Cntrl}]+\\.[^@\\s\\p{Cntrl}]+$");
    private static final Pattern E164 = Pattern.compile("^\\+[1-9][0-9]{6,14}$");
    private static final Pattern USERNAME_SHAPE = Pattern.compile("^[\\p{L}\\p{N}._-]{1,64}$");

    private final Map<String, String> fields;

    private Identity(Map<String, String> fields) {
        this.fields = fields;
    }

    /** @throws FlowException {@code invalid_identity} when a field is unknown or malformed */
    public static Identity of(Map<String, String> raw) {
        if (raw == null || raw.isEmpty()) {
            throw new FlowException(ErrorCode.INVALID_IDENTITY, "Give an email, phone or username.");
        }
        Map<String, String> normalised = new LinkedHashMap<>();
        raw.forEach((field, value) -> normalised.put(field, normalise(field, value)));
        return new Identity(normalised);
    }

    /** Like {@link #of(Map)}, but only the allowed fields may identify a user (f-a-m {@code identifyUserProps}). */
    public static Identity of(Map<String, String> raw, java.util.Collection<String> allowed) {
        if (raw != null) {
            for (String field : raw.keySet()) {
                if (!allowed.contains(field)) {
                    throw new FlowException(ErrorCode.INVALID_IDENTITY, "'" + field + "' cannot identify a user here.", field);
                }
            }
        }
        return of(raw);
    }

    public static Identity email(String email) {
        return of(Map.of(EMAIL, email));
    }

    /** Normalises one identifying value; {@code invalid_identity} when it is malformed. */
    public static String normalise(String field, String value) {
        if (value == null) {
            throw new FlowException(ErrorCode.INVALID_IDENTITY, field + " must be a string.", field);
        }
        String v = value.strip();
        switch (field) {
            case EMAIL -> {
                v = v.toLowerCase(Locale.ROOT);
                if (v.length() > 254 || !EMAIL_SHAPE.matcher(v).matches()) {
                    throw new FlowException(ErrorCode.INVALID_IDENTITY, "email is not a valid address.", field);
                }
            }
            case PHONE -> {
                v = v.replaceAll("[\\s().-]", "");
                if (!E164.matcher(v).matches()) {
                    throw new FlowException(ErrorCode.INVALID_IDENTITY,
                            "phone must be in E.164 form, e.g. +4915112345678.", field);
                }
            }
            case USERNAME -> {
                if (!USERNAME_SHAPE.matcher(v).matches()) {
                    throw new FlowException(ErrorCode.INVALID_IDENTITY,
                            "username must be 1-64 letters, digits, '.', '_' or '-'.", field);
                }
            }
            default -> throw new FlowException(ErrorCode.INVALID_IDENTITY, "'" + field + "' cannot identify a user.",
                    field);
        }
        return v;
    }

    /** The SQL-side expression each field is compared with (matching the unique indexes). */
    static String column(String field) {
        return switch (field) {
            case EMAIL -> "email";
            case PHONE -> "phone";
            case USERNAME -> "lower(username)";
            default -> throw new IllegalArgumentException(field);
        };
    }

    String whereClause() {
        StringBuilder where = new StringBuilder();
        for (String field : fields.keySet()) {
            if (!where.isEmpty()) {
                where.append(" and ");
            }
            where.append(column(field)).append(" = :").append(field);
        }
        return where.toString();
    }

    Parameters parameters() {
        Parameters p = new Parameters();
        fields.forEach((field, value) -> p.and(field, USERNAME.equals(field) ? value.toLowerCase(Locale.ROOT) : value));
        return p;
    }

    /** The fields, in order: the key of {@link IdentityLookup}'s statement. */
    java.util.List<String> fieldNames() {
        return java.util.List.copyOf(fields.keySet());
    }

    /** {@link #whereClause} in native SQL on the row alias, with positional parameters ({@link #tuple}). */
    String sqlCondition(String alias) {
        StringBuilder where = new StringBuilder();
        int n = 0;
        for (String field : fields.keySet()) {
            if (n > 0) {
                where.append(" and ");
            }
            where.append(USERNAME.equals(field) ? "lower(" + alias + ".username)" : alias + "." + column(field))
                    .append(" = $").append(++n);
        }
        return where.toString();
    }

    /** The values of {@link #sqlCondition}, in order (the username lower-cased, as the index is). */
    io.vertx.mutiny.sqlclient.Tuple tuple() {
        io.vertx.mutiny.sqlclient.Tuple tuple = io.vertx.mutiny.sqlclient.Tuple.tuple();
        fields.forEach((field, value) -> tuple.addString(USERNAME.equals(field) ? value.toLowerCase(Locale.ROOT) : value));
        return tuple;
    }

    public Map<String, String> fields() {
        return Map.copyOf(fields);
    }

    public boolean has(String field) {
        return fields.containsKey(field);
    }

    public String get(String field) {
        return fields.get(field);
    }
}
