package io.countersign.flow;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

import org.junit.jupiter.api.Test;

import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.subscription.Cancellable;

/**
 * {@link Result#toCompletion}: a caller that cancels (a client that disconnects mid-request) must not cancel the
 * database work under it. Plain JUnit: the behaviour is Mutiny's, no database needed.
 */
class ResultTest {

    @Test
    void workRunsToItsEndWhenTheCallerCancels() throws InterruptedException {
        AtomicBoolean cancelled = new AtomicBoolean();
        CountDownLatch completed = new CountDownLatch(1);
        Uni<String> work = slowWork(cancelled, completed);

        Cancellable caller = Result.toCompletion(work).subscribe().with(item -> { }, failure -> { });
        caller.cancel();

        assertTrue(completed.await(5, TimeUnit.SECONDS), "the work must complete although its caller cancelled");
        assertFalse(cancelled.get(), "the work must not see the caller's cancellation");
    }

    @Test
    void withoutItTheCancellationReachesTheWork() throws InterruptedException {
        AtomicBoolean cancelled = new AtomicBoolean();
        CountDownLatch completed = new CountDownLatch(1);
        Uni<String> work = slowWork(cancelled, completed);

        Cancellable caller = work.subscribe().with(item -> { }, failure -> { });
        caller.cancel();

        assertTrue(cancelled.get(), "a plain subscription passes the cancellation on");
        assertFalse(completed.await(500, TimeUnit.MILLISECONDS), "the cancelled work does not complete");
    }

    private static Uni<String> slowWork(AtomicBoolean cancelled, CountDownLatch completed) {
        return Uni.createFrom().item("done")
                .onItem().delayIt().by(Duration.ofMillis(200))
                .onCancellation().invoke(() -> cancelled.set(true))
                .invoke(completed::countDown);
    }
}
