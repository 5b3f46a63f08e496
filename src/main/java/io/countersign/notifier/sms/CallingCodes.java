package io.countersign.notifier.sms;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * The country calling codes the guard knows (allowed, capped or priced): which one a number belongs to (the longest
 * that it starts with, else {@link #OTHER}) and whether it may receive an SMS. Pure logic.
 */
public final class CallingCodes {

    /** The bucket of numbers whose calling code no setting names. */
    public static final String OTHER = "other";

    private final List<String> allowed;
    private final List<String> known;

    CallingCodes(List<String> allowed, Set<String> alsoKnown) {
        this.allowed = allowed.stream().map(CallingCodes::digits).filter(p -> !p.isEmpty()).toList();
        Set<String> all = new LinkedHashSet<>(this.allowed);
        alsoKnown.stream().map(CallingCodes::digits).filter(p -> !p.isEmpty()).forEach(all::add);
        List<String> sorted = new ArrayList<>(all);
        sorted.sort(Comparator.comparingInt(String::length).reversed().thenComparing(Comparator.naturalOrder()));
        this.known = List.copyOf(sorted);
    }

    static CallingCodes of(SmsGuardConfig config) {
        Set<String> named = new LinkedHashSet<>(config.prefixCaps().keySet());
        named.addAll(config.price().perPrefix().keySet());
        return new CallingCodes(config.allowedPrefixes().orElse(List.of()), named);
    }

    /** Every prefix a metric may be tagged with: the known ones and {@link #OTHER}. */
    public List<String> tags() {
        List<String> tags = new ArrayList<>(known);
        tags.add(OTHER);
        return tags;
    }

    /** The longest known calling code the E.164 number starts with, or {@link #OTHER}. */
    public String prefixOf(String phone) {
        String digits = digits(phone);
        for (String prefix : known) {
            if (digits.startsWith(prefix)) {
                return prefix;
            }
        }
        return OTHER;
    }

    /** True when no allow-list is set, or the number starts with an allowed calling code. */
    public boolean allowed(String phone) {
        if (allowed.isEmpty()) {
            return true;
        }
        String digits = digits(phone);
        return allowed.stream().anyMatch(digits::startsWith);
    }

    private static String digits(String value) {
        return value == null ? "" : value.replaceAll("[^0-9]", "");
    }
}
