package io.countersign.notifier;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.Test;

import io.smallrye.common.vertx.VertxContext;
import io.smallrye.mutiny.Uni;
import io.vertx.core.Context;
import io.vertx.core.Vertx;

/** The notifier's admission of records: how many at once, and one key's records in arrival order. */
class InFlightTest {

    /** Work that runs until the test finishes it; records when it started. */
    static final class Work {
        final List<String> started = new ArrayList<>();
        final Map<String, CompletableFuture<Void>> running = new HashMap<>();

        synchronized Uni<Void> start(String name) {
            started.add(name);
            CompletableFuture<Void> done = new CompletableFuture<>();
            running.put(name, done);
            return Uni.createFrom().completionStage(done);
        }

        void finish(String name) {
            CompletableFuture<Void> done;
            synchronized (this) {
                done = running.remove(name);
            }
            done.complete(null);
        }

        synchronized List<String> started() {
            return List.copyOf(started);
        }
    }

    private static boolean admitted(Uni<Void> admission) {
        CompletableFuture<Void> f = admission.subscribeAsCompletionStage();
        return f.isDone() && !f.isCompletedExceptionally();
    }

    @Test
    void recordsOfDifferentUsersRunSideBySideUpToTheLimitAndTheNextWaitsForRoom() {
        InFlight inFlight = new InFlight(3);
        Work work = new Work();
        assertTrue(admitted(inFlight.admit("a", () -> work.start("a1"))));
        assertTrue(admitted(inFlight.admit("b", () -> work.start("b1"))));
        assertTrue(admitted(inFlight.admit("c", () -> work.start("c1"))));
        assertEquals(List.of("a1", "b1", "c1"), work.started(), "three users' records run at once");

        CompletableFuture<Void> fourth = inFlight.admit("d", () -> work.start("d1")).subscribeAsCompletionStage();
        assertFalse(fourth.isDone(), "the consumer waits while three records are unfinished");
        assertEquals(3, work.started().size());

        work.finish("b1");
        assertTrue(fourth.isDone(), "room again: admitted");
        assertEquals(List.of("a1", "b1", "c1", "d1"), work.started());
        assertEquals(3, inFlight.admitted());
        work.finish("a1");
        work.finish("c1");
        work.finish("d1");
        assertEquals(0, inFlight.admitted());
    }

    @Test
    void oneUsersRecordsRunOneAfterTheOtherInArrivalOrderWhileOthersPass() {
        InFlight inFlight = new InFlight(10);
        Work work = new Work();
        assertTrue(admitted(inFlight.admit("u", () -> work.start("u1"))));
        assertTrue(admitted(inFlight.admit("u", () -> work.start("u2"))), "admitted: it waits behind u1, not the consumer");
        assertTrue(admitted(inFlight.admit("v", () -> work.start("v1"))));
        assertTrue(admitted(inFlight.admit("u", () -> work.start("u3"))));
        assertEquals(List.of("u1", "v1"), work.started(), "u2 and u3 wait for u1; v1 does not");
        assertEquals(4, inFlight.admitted(), "waiting records count against the limit");

        work.finish("u1");
        assertEquals(List.of("u1", "v1", "u2"), work.started());
        work.finish("u2");
        assertEquals(List.of("u1", "v1", "u2", "u3"), work.started());
        work.finish("u3");
        work.finish("v1");
        assertEquals(0, inFlight.admitted());

        assertTrue(admitted(inFlight.admit("u", () -> work.start("u4"))));
        assertEquals("u4", work.started().get(4), "a finished lane starts the next record at once");
        work.finish("u4");
    }

    @Test
    void recordsWithoutAKeyAreOrderedWithNoOther() {
        InFlight inFlight = new InFlight(5);
        Work work = new Work();
        inFlight.admit(null, () -> work.start("x")).await().indefinitely();
        inFlight.admit(null, () -> work.start("y")).await().indefinitely();
        assertEquals(List.of("x", "y"), work.started());
        work.finish("y");
        work.finish("x");
        assertEquals(0, inFlight.admitted());
    }

    @Test
    void aFailingOrThrowingWorkStillGivesItsPlaceBack() {
        InFlight inFlight = new InFlight(1);
        assertTrue(admitted(inFlight.admit("a", () -> Uni.createFrom().failure(new IllegalStateException("boom")))));
        assertTrue(admitted(inFlight.admit("a", () -> {
            throw new IllegalStateException("thrown");
        })));
        assertTrue(admitted(inFlight.admit("a", () -> null)));
        assertTrue(admitted(inFlight.admit("a", () -> {
            throw new AssertionError("an error, not an exception");
        })));
        assertTrue(admitted(inFlight.admit("a", () -> Uni.createFrom().voidItem())));
        assertEquals(0, inFlight.admitted());
        assertThrows(IllegalArgumentException.class, () -> new InFlight(0));
    }

    @Test
    void theLimitLeavesTheDatabasePoolAConnection() {
        assertEquals(19, NotificationConsumer.limit(32, 20));
        assertEquals(9, NotificationConsumer.limit(32, 10));
        assertEquals(16, NotificationConsumer.limit(16, 20));
        assertEquals(1, NotificationConsumer.limit(32, 1));
    }

    @Test
    void aRecordsWorkRunsOnTheContextItArrivedOnEvenWhenAnotherThreadFreesItsTurn() throws Exception {
        Vertx vertx = Vertx.vertx();
        try {
            InFlight inFlight = new InFlight(1);
            Context first = VertxContext.createNewDuplicatedContext(vertx.getOrCreateContext());
            Context second = VertxContext.createNewDuplicatedContext(vertx.getOrCreateContext());
            CompletableFuture<Void> firstDone = new CompletableFuture<>();
            CompletableFuture<Context> secondRanOn = new CompletableFuture<>();
            CompletableFuture<Context> secondAdmittedOn = new CompletableFuture<>();
            first.runOnContext(v -> inFlight.admit("u", () -> Uni.createFrom().completionStage(firstDone))
                    .subscribe().with(ignored -> { }));
            second.runOnContext(v -> inFlight.admit("u", () -> {
                secondRanOn.complete(Vertx.currentContext());
                return Uni.createFrom().voidItem();
            }).subscribe().with(ignored -> secondAdmittedOn.complete(Vertx.currentContext())));
            Thread.sleep(100);
            assertFalse(secondAdmittedOn.isDone(), "no room while the first record runs");
            // the first record's work ends on a thread of no context at all
            Thread other = new Thread(() -> firstDone.complete(null));
            other.start();
            other.join();
            assertSame(second, secondAdmittedOn.get(10, TimeUnit.SECONDS), "admitted on its own context");
            assertSame(second, secondRanOn.get(10, TimeUnit.SECONDS), "run on its own context");
        } finally {
            vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
        }
    }

    @Test
    void manyThreadsNeverExceedTheLimitNorBreakAKeysOrder() throws Exception {
        int limit = 4;
        InFlight inFlight = new InFlight(limit);
        AtomicInteger running = new AtomicInteger();
        AtomicInteger most = new AtomicInteger();
        Map<String, List<Integer>> order = new ConcurrentHashMap<>();
        Map<String, AtomicInteger> perKey = new ConcurrentHashMap<>();
        AtomicInteger overlapping = new AtomicInteger();
        int producers = 6;
        int each = 300;
        CountDownLatch done = new CountDownLatch(producers * each);
        List<Thread> threads = new ArrayList<>();
        for (int p = 0; p < producers; p++) {
            int producer = p;
            Thread t = new Thread(() -> {
                for (int i = 0; i < each; i++) {
                    String key = "k" + (producer * 7 + i) % 10;
                    int seq = producer * each + i;
                    inFlight.admit(key, () -> Uni.createFrom().voidItem().emitOn(Runnable::run).chain(() -> {
                        most.accumulateAndGet(running.incrementAndGet(), Math::max);
                        if (perKey.computeIfAbsent(key, k -> new AtomicInteger()).incrementAndGet() > 1) {
                            overlapping.incrementAndGet();
                        }
                        order.computeIfAbsent(key, k -> java.util.Collections.synchronizedList(new ArrayList<>())).add(seq);
                        return Uni.createFrom().voidItem().onItem().delayIt().by(java.time.Duration.ofNanos(50_000))
                                .invoke(() -> {
                                    perKey.get(key).decrementAndGet();
                                    running.decrementAndGet();
                                    done.countDown();
                                });
                    })).await().indefinitely();
                }
            });
            threads.add(t);
            t.start();
        }
        assertTrue(done.await(60, TimeUnit.SECONDS), "every record ran");
        for (Thread t : threads) {
            t.join();
        }
        assertTrue(most.get() <= limit, "at most " + limit + " at once, saw " + most.get());
        assertTrue(most.get() > 1, "records ran side by side");
        assertEquals(0, overlapping.get(), "two records of one key never ran at once");
        // the last places are given back just after the last count-down
        for (int i = 0; i < 1000 && inFlight.admitted() > 0; i++) {
            Thread.sleep(5);
        }
        assertEquals(0, inFlight.admitted());
        int total = order.values().stream().mapToInt(List::size).sum();
        assertEquals(producers * each, total);
        order.forEach((key, seqs) -> {
            for (int p = 0; p < producers; p++) {
                int producer = p;
                List<Integer> mine = seqs.stream().filter(seq -> seq / each == producer).toList();
                assertEquals(mine.stream().sorted().toList(), mine, "one producer's records of " + key + " ran in its order");
            }
        });
    }
}
