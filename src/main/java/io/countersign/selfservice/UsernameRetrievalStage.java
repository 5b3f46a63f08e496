package io.countersign.selfservice;

import java.util.Map;

import io.countersign.flow.UsernameReminder;
import io.countersign.security.LimitedAction;
import io.countersign.security.RateLimiter;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * usernameRetrieval: sends the username to the named account's own verified address ({@code UsernameReminder}),
 * counted with the forgot-password rate limit. It asks for nothing; the process goes on (or ends) alike whether or not
 * an account was found, so the answer tells nothing about the account.
 */
@ApplicationScoped
public class UsernameRetrievalStage implements Stage {

    private final UsernameReminder reminder;
    private final RateLimiter limits;

    public UsernameRetrievalStage(UsernameReminder reminder, RateLimiter limits) {
        this.reminder = reminder;
        this.limits = limits;
    }

    @Override
    public String type() {
        return "usernameRetrieval";
    }

    @Override
    public Map<String, Object> requirements(Snapshot snapshot, ProcessDefinition process) {
        return null;
    }

    @Override
    public Uni<Snapshot> submit(Snapshot snapshot, Map<String, Object> input, ProcessDefinition process) {
        return limits.check(LimitedAction.FORGOT, Facts.accountKey(snapshot))
                .chain(() -> reminder.send(Facts.identity(snapshot), Map.of()))
                .replaceWith(snapshot);
    }
}
