package io.countersign.flow;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.OffsetDateTime;

import org.junit.jupiter.api.Test;

import io.countersign.config.CountersignConfig;

/** Plain JUnit: the lock schedule is arithmetic. */
class LockoutTest {

    private static final OffsetDateTime NOW = OffsetDateTime.parse("2026-01-01T00:00:00Z");

    private static Lockout lockout(int threshold, Duration first, int hard) {
        CountersignConfig.Login login = new CountersignConfig.Login() {
            public boolean allowUnverified() { return false; }
            public Duration accessTokenLifetime() { return Duration.ofHours(1); }
            public String issuer() { return "x"; }
            public int lockAfterFailures() { return threshold; }
            public Duration lockDuration() { return first; }
            public int hardLockFailures() { return hard; }
            public String jwtSecret() { return "x"; }
        };
        return new Lockout(login);
    }

    @Test
    void belowTheThresholdTheAccountStaysOpen() {
        Lockout l = lockout(5, Duration.ofSeconds(30), 100);
        assertThat(l.lockUntil(4, NOW)).isNull();
    }

    @Test
    void fromTheThresholdTheLockDoublesUpToAnHour() {
        Lockout l = lockout(5, Duration.ofSeconds(30), 100);
        assertThat(l.lockUntil(5, NOW)).isEqualTo(NOW.plusSeconds(30));
        assertThat(l.lockUntil(6, NOW)).isEqualTo(NOW.plusSeconds(60));
        assertThat(l.lockUntil(8, NOW)).isEqualTo(NOW.plusSeconds(240));
        assertThat(l.lockUntil(40, NOW)).isEqualTo(NOW.plusHours(1));
    }

    @Test
    void neverMoreThanOneHundredConsecutiveFailuresEvenIfConfiguredHigher() {
        Lockout l = lockout(5, Duration.ofSeconds(30), 1000);
        assertThat(l.lockUntil(100, NOW)).isAfter(NOW.plusYears(1000));
        assertThat(l.lockUntil(99, NOW)).isEqualTo(NOW.plusHours(1));
    }
}
