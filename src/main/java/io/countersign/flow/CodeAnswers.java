package io.countersign.flow;

import java.util.EnumSet;
import java.util.Set;
import java.util.function.Function;

import io.countersign.challenge.Redemption;
import io.countersign.config.CountersignConfig;
import io.countersign.error.ErrorCode;
import io.countersign.error.FlowException;
import io.countersign.security.EqualTiming;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * Codes are entered together with the address they were sent to, so their refusals must not tell whether that
 * address has an account. With enumeration protection on, every refusal that comes before a code is accepted (unknown
 * or ambiguous account, already verified, no pending code, expired, spent, wrong) answers as one wrong code, and is
 * held back to the time a real comparison takes ({@link EqualTiming}).
 */
@ApplicationScoped
public class CodeAnswers {

    /** The one answer to every refused code while enumeration protection is on. */
    public static final String MESSAGE = "The code is incorrect or no longer valid; check it, or request a new one.";

    private static final Set<ErrorCode> CONCEALED = EnumSet.of(ErrorCode.USER_NOT_FOUND, ErrorCode.AMBIGUOUS_USER,
            ErrorCode.ALREADY_VERIFIED, ErrorCode.NO_PENDING_CHALLENGE, ErrorCode.TOKEN_INVALID, ErrorCode.TOKEN_EXPIRED,
            ErrorCode.TOKEN_INCORRECT);

    private final EqualTiming timing;
    private final boolean protection;

    public CodeAnswers(EqualTiming timing, CountersignConfig config) {
        this.timing = timing;
        this.protection = config.enumerationProtection();
    }

    /** Runs one code redemption; the work marks the watch {@linkplain #compared compared} when it took an attempt. */
    public <T> Uni<T> concealed(EqualTiming.Action action, Function<EqualTiming.Watch, Uni<T>> work) {
        if (!protection) {
            return work.apply(timing.start(action));
        }
        EqualTiming.Watch watch = timing.start(action);
        Uni<Outcome<T>> outcome = Uni.createFrom().deferred(() -> work.apply(watch))
                .map(item -> new Outcome<T>(item, null))
                .onFailure(CodeAnswers::concealable)
                .recoverWithItem(e -> new Outcome<T>(null, new FlowException(ErrorCode.TOKEN_INCORRECT, MESSAGE)));
        return timing.settle(watch, outcome).map(o -> {
            if (o.refusal() != null) {
                throw o.refusal();
            }
            return o.item();
        });
    }

    /** Marks the answer as one that compared a code with a live challenge: its duration is a sample of the real ones. */
    public static Redemption compared(Redemption redemption, EqualTiming.Watch watch) {
        if (redemption instanceof Redemption.Refused r && r.compared()) {
            watch.didWork();
        }
        return redemption;
    }

    private static boolean concealable(Throwable e) {
        return e instanceof FlowException f && CONCEALED.contains(f.code());
    }

    private record Outcome<T>(T item, FlowException refusal) {
    }
}
