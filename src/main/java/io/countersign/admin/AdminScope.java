package io.countersign.admin;

import java.util.Arrays;
import java.util.Collection;
import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;

/**
 * What an administrator may do: {@link #READ} the accounts, their sessions, challenges and audit; {@link #WRITE}
 * act on them (send, unlock, end sessions, cancel challenges, delete) and manage API keys. Scopes are independent:
 * a key that should do both names both.
 */
public enum AdminScope {
    READ, WRITE;

    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** The scope of this wire name, or null. */
    public static AdminScope of(String wireName) {
        return Arrays.stream(values()).filter(s -> s.wireName().equals(wireName)).findFirst().orElse(null);
    }

    /** The stored form: wire names, sorted, space-separated. */
    static String stored(Collection<AdminScope> scopes) {
        return scopes.stream().map(AdminScope::wireName).sorted().collect(Collectors.joining(" "));
    }

    static Set<AdminScope> parse(String stored) {
        return Arrays.stream(stored.split(" ")).map(AdminScope::of).filter(s -> s != null)
                .collect(Collectors.toCollection(() -> new TreeSet<>()));
    }
}
