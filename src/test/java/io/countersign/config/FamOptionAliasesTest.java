package io.countersign.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.Map;

import org.junit.jupiter.api.Test;

import io.smallrye.config.PropertiesConfigSource;
import io.smallrye.config.SmallRyeConfig;
import io.smallrye.config.SmallRyeConfigBuilder;

/** Plain JUnit: the aliasing is pure configuration logic, no application needed. */
class FamOptionAliasesTest {

    private static SmallRyeConfig config(Map<String, String> low, Map<String, String> high) {
        return new SmallRyeConfigBuilder()
                .withInterceptors(new FamOptionAliases())
                .withSources(new PropertiesConfigSource(low, "defaults", 100))
                .withSources(new PropertiesConfigSource(high, "operator", 300))
                .build();
    }

    @Test
    void millisecondDelaysBecomeDurations() {
        SmallRyeConfig c = config(Map.of("countersign.verification.lifetime", "24h"),
                Map.of("fam.delay", "432000000", "fam.resetDelay", "7200000"));
        assertThat(c.getValue("countersign.verification.lifetime", Duration.class)).isEqualTo(Duration.ofDays(5));
        assertThat(c.getValue("countersign.reset.lifetime", Duration.class)).isEqualTo(Duration.ofHours(2));
    }

    @Test
    void plainOptionsAreCarriedOver() {
        SmallRyeConfig c = config(Map.of("countersign.tokens.attempts", "5"),
                Map.of("fam.resetAttempts", "3", "fam.shortTokenDigits", "false", "fam.identifyUserProps", "email,username"));
        assertThat(c.getValue("countersign.tokens.attempts", Integer.class)).isEqualTo(3);
        assertThat(c.getValue("countersign.tokens.short-token-digits", Boolean.class)).isFalse();
        assertThat(c.getValue("countersign.identify-user-props", String.class)).isEqualTo("email,username");
    }

    @Test
    void theCountersignNameWinsWhenSetInTheSamePlace() {
        SmallRyeConfig c = config(Map.of(), Map.of("fam.resetAttempts", "3", "countersign.tokens.attempts", "7"));
        assertThat(c.getValue("countersign.tokens.attempts", Integer.class)).isEqualTo(7);
    }

    @Test
    void withoutAnAliasTheValueIsUntouched() {
        SmallRyeConfig c = config(Map.of("countersign.tokens.attempts", "5"), Map.of());
        assertThat(c.getValue("countersign.tokens.attempts", Integer.class)).isEqualTo(5);
    }
}
