package io.countersign.config;

import java.math.BigDecimal;
import java.util.Map;
import java.util.function.UnaryOperator;

import io.smallrye.config.ConfigSourceInterceptor;
import io.smallrye.config.ConfigSourceInterceptorContext;
import io.smallrye.config.ConfigValue;
import io.smallrye.config.Priorities;
import jakarta.annotation.Priority;

/**
 * Accepts the feathers-authentication-management option names as configuration aliases, so that an application
 * moving over can keep its settings: {@code fam.delay=432000000} (env {@code FAM_DELAY}) sets
 * {@code countersign.verification.lifetime} to 5 days. An alias applies when it comes from a source of higher
 * priority than the Countersign name's value (a Countersign name set in the same place wins). Millisecond values
 * (delay, resetDelay) are converted to durations.
 */
@Priority(Priorities.LIBRARY + 500)
public class FamOptionAliases implements ConfigSourceInterceptor {

    private record Alias(String famName, UnaryOperator<String> convert) {
    }

    private static final UnaryOperator<String> SAME = v -> v;
    private static final UnaryOperator<String> MILLIS = v -> "PT" + new BigDecimal(v.trim()).movePointLeft(3).toPlainString() + "S";

    static final Map<String, Alias> ALIASES = Map.of(
            "countersign.identify-user-props", new Alias("fam.identifyUserProps", SAME),
            "countersign.tokens.long-token-bytes", new Alias("fam.longTokenLen", SAME),
            "countersign.tokens.short-token-len", new Alias("fam.shortTokenLen", SAME),
            "countersign.tokens.short-token-digits", new Alias("fam.shortTokenDigits", SAME),
            "countersign.tokens.attempts", new Alias("fam.resetAttempts", SAME),
            "countersign.verification.lifetime", new Alias("fam.delay", MILLIS),
            "countersign.reset.lifetime", new Alias("fam.resetDelay", MILLIS),
            "countersign.reset.skip-is-verified-check", new Alias("fam.skipIsVerifiedCheck", SAME));

    @Override
    public ConfigValue getValue(ConfigSourceInterceptorContext context, String name) {
        ConfigValue value = context.proceed(name);
        Alias alias = ALIASES.get(name);
        if (alias == null) {
            return value;
        }
        ConfigValue famValue = context.proceed(alias.famName());
        if (famValue == null || famValue.getValue() == null
                || value != null && value.getConfigSourceOrdinal() >= famValue.getConfigSourceOrdinal()) {
            return value;
        }
        return famValue.withName(name).withValue(alias.convert().apply(famValue.getValue()));
    }
}
