package io.countersign.security;

import java.util.EnumMap;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicLongArray;

import io.countersign.config.CountersignConfig;
import io.smallrye.mutiny.Uni;
import io.vertx.core.Vertx;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * Makes the quiet answers of enumeration-protected requests (unknown account, unverified, cooldown, sign-up with
 * a registered address) take as long as the answers that did the real work.
 *
 * <p>Each instance keeps the durations of the last {@value #WINDOW} real answers per action. A quiet answer is held
 * back until a duration drawn at random from the {@value #RECENT} newest of those samples has passed, so both kinds
 * of answer come from the same distribution of response times, whatever the load, without adding latency to the
 * real ones. Until
 * {@value #WARM} real answers have been seen (after a start), both kinds wait at least the configured cold floor
 * ({@code countersign.enumeration.cold-floor}).
 */
@ApplicationScoped
public class EqualTiming {

    /** The actions whose answers must not tell whether an account exists. */
    public enum Action {
        SIGN_UP, FORGOT, RESEND,
        /** Entering a code with the address it was sent to: verification, reset, identity change. */
        VERIFY_CODE, RESET_CODE, CHANGE_CODE
    }

    static final int WINDOW = 128;
    static final int WARM = 16;
    /** Quiet answers draw from this many of the newest real answers. */
    static final int RECENT = 16;

    private final Map<Action, Samples> samples = new EnumMap<>(Action.class);
    /** Moving average of how late the hold-back timers fired (nanoseconds), subtracted from the next waits. */
    private final AtomicLong lateness = new AtomicLong();
    private final Vertx vertx;
    private final boolean enabled;
    private final long coldFloorNanos;

    public EqualTiming(Vertx vertx, CountersignConfig config) {
        this.vertx = vertx;
        this.enabled = config.enumerationProtection();
        this.coldFloorNanos = config.enumeration().coldFloor().toNanos();
        for (Action action : Action.values()) {
            samples.put(action, new Samples());
        }
    }

    /** Starts timing one request; the flow marks it {@linkplain Watch#didWork() real} when it sends something. */
    public Watch start(Action action) {
        return new Watch(action, System.nanoTime());
    }

    /**
     * Records a real answer's duration, or holds back a quiet answer until a sampled real duration has passed.
     * Failures (bad input, rate limits) pass at once: they do not depend on the account.
     */
    public <T> Uni<T> settle(Watch watch, Uni<T> answer) {
        if (!enabled) {
            return answer;
        }
        return answer.chain(item -> {
            long elapsed = System.nanoTime() - watch.start;
            Samples forAction = samples.get(watch.action);
            long wait;
            if (watch.real) {
                boolean cold = forAction.add(elapsed) < WARM;
                wait = cold ? coldFloorNanos - elapsed : 0;
            } else {
                wait = forAction.draw(coldFloorNanos) - elapsed;
            }
            // timers fire late on a busy event loop: start them earlier by the lateness seen recently
            long adjusted = wait - lateness.get();
            if (adjusted < TimeUnit.MILLISECONDS.toNanos(1)) {
                return Uni.createFrom().item(item);
            }
            long target = System.nanoTime() + wait;
            long millis = TimeUnit.NANOSECONDS.toMillis(adjusted);
            return Uni.createFrom().emitter(emitter -> vertx.setTimer(millis, id -> {
                long late = System.nanoTime() - target;
                lateness.updateAndGet(old -> Math.max(0, old + (late - old) / 8));
                emitter.complete(item);
            }));
        });
    }

    /** Number of real samples held for an action (for tests and metrics). */
    public int samples(Action action) {
        return (int) Math.min(samples.get(action).count.get(), WINDOW);
    }

    /** One request being timed. */
    public static final class Watch {
        private final Action action;
        private final long start;
        private volatile boolean real;

        private Watch(Action action, long start) {
            this.action = action;
            this.start = start;
        }

        /** The request did the real work (an account was created or a message recorded). */
        public void didWork() {
            real = true;
        }

        /** Whether the request did the real work (e.g. a message was sent, not held back by a cooldown). */
        public boolean worked() {
            return real;
        }
    }

    private static final class Samples {
        private final AtomicLongArray ring = new AtomicLongArray(WINDOW);
        private final AtomicLong count = new AtomicLong();

        /** @return how many samples there were before this one */
        long add(long nanos) {
            long n = count.getAndIncrement();
            ring.set((int) (n % WINDOW), nanos);
            return n;
        }

        /**
         * A duration drawn from the {@value #RECENT} newest samples only: the whole window may still hold answers from
         * a time of other load (a start, a burst, a seeding run), and drawing from those held quiet answers tens of
         * milliseconds longer than the real ones of the moment (issue 14 item 4).
         */
        long draw(long coldFloor) {
            long total = count.get();
            long n = Math.min(total, WINDOW);
            if (n < WARM) {
                return coldFloor;
            }
            long back = ThreadLocalRandom.current().nextInt((int) Math.min(n, RECENT));
            return ring.get((int) ((total - 1 - back) % WINDOW));
        }
    }
}
