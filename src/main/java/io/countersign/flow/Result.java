package io.countersign.flow;

import java.util.function.Supplier;

import io.countersign.challenge.Redemption;
import io.countersign.error.FlowException;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;

/**
 * The value of a transactional step, or the refusal it ended with. A refusal still commits the transaction (a
 * spent attempt must stick) and is thrown only afterwards, by {@link #transaction}.
 */
public record Result<T>(T value, FlowException refusal) {

    public static <T> Result<T> ok(T value) {
        return new Result<>(value, null);
    }

    public static <T> Result<T> refused(FlowException refusal) {
        return new Result<>(null, refusal);
    }

    public static <T> Result<T> refused(Redemption.Refused refused) {
        return new Result<>(null, refused.exception());
    }

    public static <T> Uni<Result<T>> refusal(FlowException refusal) {
        return Uni.createFrom().item(refused(refusal));
    }

    /** The value, or the refusal thrown. */
    public T orThrow() {
        if (refusal != null) {
            throw refusal;
        }
        return value;
    }

    /** Runs the work in one transaction that commits unless the work fails; then throws a refusal, if any. */
    public static <T> Uni<T> transaction(Supplier<Uni<Result<T>>> work) {
        return toCompletion(Panache.withTransaction(work)).map(Result::orThrow);
    }

    /**
     * The same work, but run to its end even when the caller cancels, as Quarkus REST does when a client disconnects
     * mid-request. Cancelling Hibernate Reactive half-way closes the session under a running statement
     * ("Session/EntityManager is closed", "HR000090: Live transaction detected while closing the connection") and
     * the connection never returns to the pool; enough disconnects and the pool is empty for good. The work is
     * still subscribed at once, on the caller's (duplicated) Vert.x context.
     */
    public static <T> Uni<T> toCompletion(Uni<T> work) {
        return Uni.createFrom().emitter(emitter -> work.subscribe().with(emitter::complete, emitter::fail));
    }
}
