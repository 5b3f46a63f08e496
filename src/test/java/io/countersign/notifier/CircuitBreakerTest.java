package io.countersign.notifier;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;

import org.junit.jupiter.api.Test;

/** The circuit breaker's states, without a clock of its own: plain JUnit with short open periods. */
class CircuitBreakerTest {

    @Test
    void opensAfterTheThresholdGrantsOneProbeAndClosesOnSuccess() throws InterruptedException {
        CircuitBreaker breaker = new CircuitBreaker("smtp", 3, Duration.ofMillis(100), Duration.ofMillis(400));
        breaker.failure();
        breaker.failure();
        assertThat(breaker.isOpen()).isFalse();
        assertThat(breaker.permission()).isZero();
        breaker.failure();
        assertThat(breaker.isOpen()).isTrue();
        assertThat(breaker.permission()).isPositive().isLessThanOrEqualTo(Duration.ofMillis(100));
        Thread.sleep(120);
        assertThat(breaker.permission()).as("the probe").isZero();
        assertThat(breaker.permission()).as("everyone else waits while it probes").isPositive();
        long before = breaker.successes();
        breaker.success();
        assertThat(breaker.isOpen()).isFalse();
        assertThat(breaker.permission()).isZero();
        assertThat(breaker.successes()).isEqualTo(before + 1);
    }

    @Test
    void aFailedProbeOpensItAgainForTwiceAsLongUpToTheMaximum() throws InterruptedException {
        CircuitBreaker breaker = new CircuitBreaker("database", 1, Duration.ofMillis(100), Duration.ofMillis(300));
        breaker.failure();
        Thread.sleep(120);
        assertThat(breaker.permission()).isZero();
        breaker.failure();
        assertThat(breaker.permission()).isGreaterThan(Duration.ofMillis(150)).isLessThanOrEqualTo(Duration.ofMillis(200));
        Thread.sleep(220);
        assertThat(breaker.permission()).isZero();
        breaker.failure();
        assertThat(breaker.permission()).as("capped at the maximum").isGreaterThan(Duration.ofMillis(250))
                .isLessThanOrEqualTo(Duration.ofMillis(300));
    }

    @Test
    void aFailureCountsAsAMessagesOwnOnlyWhenTheDependencyServedOthersInBetween() {
        CircuitBreaker breaker = new CircuitBreaker("sms", 3, Duration.ofMillis(100), Duration.ofMillis(300));
        PendingNotification pending = new PendingNotification(null);
        assertThat(pending.failedOnItsOwn("sms", breaker.successes())).as("a first failure proves nothing").isFalse();
        assertThat(pending.failedOnItsOwn("sms", breaker.successes())).as("nothing served in between: an outage").isFalse();
        breaker.success();
        assertThat(pending.failedOnItsOwn("sms", breaker.successes())).as("others were served").isTrue();
    }
}
