package io.countersign.notifier;

import java.util.ArrayDeque;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Supplier;

import io.quarkus.logging.Log;
import io.smallrye.mutiny.Uni;
import io.vertx.core.Context;
import io.vertx.core.Vertx;

/**
 * How many notifications one process works on at once, and in what order. A consumer hands a record over and takes
 * the next one as soon as the record is admitted; it waits only while {@code limit} records are admitted and not
 * finished. Records with the same key (the user id: all of one user's events are on one partition, in order) run one
 * after the other, in the order they arrived; records of different users run side by side. Each record's work starts
 * on the Vert.x context it arrived on, so its span and logging context stay its own.
 *
 * <p>The consumer acknowledges each record when its work is done, so acknowledgements may come out of order: the
 * Kafka connector's throttled commit strategy commits an offset only when every record before it was acknowledged.
 */
final class InFlight {

    private final int limit;
    /** Admitted and not finished: running, or waiting behind an earlier record of the same key. */
    private int admitted;
    /** Per key with a running record: the records of that key waiting behind it. */
    private final Map<String, ArrayDeque<Runnable>> lanes = new HashMap<>();
    /** Consumers waiting for room (one per consumer at most: each waits for its admission before its next record). */
    private final ArrayDeque<Runnable> waitingForRoom = new ArrayDeque<>();

    InFlight(int limit) {
        if (limit < 1) {
            throw new IllegalArgumentException("the in-flight limit must be at least 1, was " + limit);
        }
        this.limit = limit;
    }

    /**
     * Admits a record: the returned Uni completes when the record holds a place (at once while there is room), and
     * its work runs then, or after the earlier records of its key (none when the key is null). The work's own outcome
     * is not this Uni's.
     */
    Uni<Void> admit(String key, Supplier<Uni<Void>> work) {
        Context context = Vertx.currentContext();
        return Uni.createFrom().emitter(admission -> {
            Runnable enter = () -> onContext(context, () -> {
                enqueue(key, () -> run(context, key, work));
                admission.complete(null);
            });
            boolean now;
            synchronized (this) {
                now = admitted < limit;
                if (now) {
                    admitted++;
                } else {
                    waitingForRoom.add(enter);
                }
            }
            if (now) {
                enter.run();
            }
        });
    }

    /** Records admitted and not finished (for tests and metrics). */
    synchronized int admitted() {
        return admitted;
    }

    private void enqueue(String key, Runnable start) {
        if (key == null) {
            start.run();
            return;
        }
        boolean first;
        synchronized (this) {
            ArrayDeque<Runnable> lane = lanes.get(key);
            first = lane == null;
            if (first) {
                lanes.put(key, new ArrayDeque<>());
            } else {
                lane.add(start);
            }
        }
        if (first) {
            start.run();
        }
    }

    private void run(Context context, String key, Supplier<Uni<Void>> work) {
        onContext(context, () -> {
            AtomicBoolean once = new AtomicBoolean();
            Runnable done = () -> {
                if (once.compareAndSet(false, true)) {
                    finished(key);
                }
            };
            try {
                Uni<Void> uni = work.get();
                if (uni == null) {
                    throw new IllegalStateException("the work of a record gave no Uni");
                }
                uni.subscribe().with(ignored -> done.run(), failure -> {
                    Log.errorf(failure, "Notifier: a record's work failed unexpectedly");
                    done.run();
                });
            } catch (Throwable e) {
                Log.errorf(e, "Notifier: a record's work failed unexpectedly");
                done.run();
            }
        });
    }

    private static void onContext(Context context, Runnable action) {
        if (context == null || context == Vertx.currentContext()) {
            action.run();
        } else {
            context.runOnContext(ignored -> action.run());
        }
    }

    private void finished(String key) {
        Runnable next;
        Runnable room;
        synchronized (this) {
            ArrayDeque<Runnable> lane = key == null ? null : lanes.get(key);
            next = lane == null ? null : lane.poll();
            if (lane != null && next == null) {
                lanes.remove(key);
            }
            admitted--;
            room = waitingForRoom.poll();
            if (room != null) {
                admitted++;
            }
        }
        if (next != null) {
            next.run();
        }
        if (room != null) {
            room.run();
        }
    }
}
