package io.countersign.selfservice;

import java.util.Map;

import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * validateActiveAccount: only an active (verified) account is served by the stages after it. It asks for nothing and
 * answers nothing of its own: the check runs inside the flow that acts on the account (the reset message goes only to
 * a verified account, the username only to a verified address), so that an inactive account looks like an unknown one.
 */
@ApplicationScoped
public class ValidateActiveAccountStage implements Stage {

    @Override
    public String type() {
        return "validateActiveAccount";
    }

    @Override
    public Map<String, Object> requirements(Snapshot snapshot, ProcessDefinition process) {
        return null;
    }

    @Override
    public Uni<Snapshot> submit(Snapshot snapshot, Map<String, Object> input, ProcessDefinition process) {
        return Uni.createFrom().item(snapshot.with(Facts.ACTIVE_REQUIRED, "true"));
    }
}
