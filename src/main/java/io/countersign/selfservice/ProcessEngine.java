package io.countersign.selfservice;

import java.util.LinkedHashMap;
import java.util.Map;

import io.countersign.config.AvailabilityConfig;
import io.countersign.error.ErrorCode;
import io.countersign.error.FlowException;
import io.countersign.error.RateLimited;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * Runs a process step by step: the first stage's requirements; then for each submission the stage's check, and either
 * the next stage's requirements with a new token (stages that ask for nothing run on the way) or the end. A stage that
 * refuses its input keeps the process where it was and answers its requirements again with the error.
 */
@ApplicationScoped
public class ProcessEngine {

    /** An answer and its HTTP status (200, or the refusing stage's error status). */
    public record Outcome(int status, StepAnswer answer, String retryAfter) {
    }

    private final Processes processes;
    private final SnapshotTokens tokens;
    private final AvailabilityConfig availability;
    private final StageFlows flows;

    public ProcessEngine(Processes processes, SnapshotTokens tokens, AvailabilityConfig availability, StageFlows flows) {
        this.processes = processes;
        this.tokens = tokens;
        this.availability = availability;
        this.flows = flows;
    }

    /**
     * The first stage's requirements (no token: the first submission starts the process); {@code flow_disabled} when a
     * stage of the process needs a flow that is off.
     */
    public StepAnswer start(String name) {
        ProcessDefinition process = processes.get(name);
        flows.check(process);
        Stage first = process.stages().get(0);
        return StepAnswer.requirements(first.type(), first.requirements(Snapshot.start(name), process), null);
    }

    /** Submits the input of the stage the token stands at (the first stage without a token); {@code flow_disabled} as {@link #start}. */
    public Uni<Outcome> submit(String name, String token, Map<String, Object> input) {
        ProcessDefinition process = processes.get(name);
        // checked before the token is spent: a switched-off process answers flow_disabled, and the token stays usable
        Uni<Snapshot> current = token == null ? flows.require(process).replaceWith(Snapshot.start(name))
                : flows.require(process).chain(() -> tokens.redeem(token)).map(snapshot -> {
                    if (!snapshot.process().equals(name)) {
                        throw new FlowException(ErrorCode.SNAPSHOT_FOREIGN, "This process token belongs to another "
                                + "process; submit it to its own.", "token");
                    }
                    if (snapshot.stage() >= process.stages().size()) {
                        throw SnapshotTokens.invalid(); // the configuration changed under a running process
                    }
                    return snapshot;
                });
        return current.chain(snapshot -> {
            Stage stage = process.stages().get(snapshot.stage());
            Map<String, Object> requirements = stage.requirements(snapshot, process);
            return Uni.createFrom().deferred(() -> {
                Inputs.check(input, requirements);
                return stage.submit(snapshot, input, process);
            }).chain(next -> advance(process, next.at(snapshot.stage() + 1)))
                    .onFailure(FlowException.class).recoverWithUni(e -> refused(snapshot, stage, requirements, (FlowException) e));
        });
    }

    private Uni<Outcome> advance(ProcessDefinition process, Snapshot snapshot) {
        if (snapshot.stage() == process.stages().size()) {
            return Uni.createFrom().item(new Outcome(200, StepAnswer.end(additions(snapshot)), null));
        }
        Stage stage = process.stages().get(snapshot.stage());
        return stage.enter(snapshot, process).chain(entered -> {
            Map<String, Object> requirements = stage.requirements(entered, process);
            if (requirements == null) {
                return stage.submit(entered, Map.of(), process).chain(next -> advance(process, next.at(entered.stage() + 1)));
            }
            return tokens.issue(entered).map(token -> new Outcome(200, StepAnswer.requirements(stage.type(), requirements, token), null));
        });
    }

    private Uni<Outcome> refused(Snapshot snapshot, Stage stage, Map<String, Object> requirements, FlowException e) {
        StepAnswer.StageError error = new StepAnswer.StageError(e.code().code(), e.getMessage(), e.field());
        return tokens.issue(snapshot).map(token -> new Outcome(e.code().status(),
                StepAnswer.refused(stage.type(), requirements, token, error),
                e.code().status() == 503 ? availability.retryAfterSeconds() : RateLimited.retryAfter(e)));
    }

    /** What the end answer reports: the proved account, the accepted terms and consent. */
    private static Map<String, Object> additions(Snapshot snapshot) {
        Map<String, Object> additions = new LinkedHashMap<>();
        if (snapshot.has(Facts.USER)) {
            additions.put("userId", snapshot.get(Facts.USER));
        }
        if (snapshot.has(Facts.TERMS)) {
            additions.put("termsVersion", snapshot.get(Facts.TERMS));
        }
        if (snapshot.has(Facts.CONSENT)) {
            additions.put("consentGiven", true);
        }
        return additions;
    }
}
