package io.countersign.selfservice;

import java.util.Map;

import io.smallrye.mutiny.Uni;

/**
 * One stage of a self-service process. A stage describes the input it waits for as a JSON Schema
 * ({@link #requirements}), checks a submitted input ({@link #submit}) by calling the flows, and may do work when the
 * process arrives at it ({@link #enter}, e.g. send a code). A refusal is a {@code FlowException}: the process then
 * stays at this stage and answers its requirements again with the error.
 */
public interface Stage {

    /** The stage type, as configured ({@code userQuery}, {@code resetStage}...). */
    String type();

    /** Checked at start-up for each process that names this stage: throws when the stage cannot run as configured. */
    default void configured(String process) {
    }

    /** The JSON Schema of the input this stage waits for, or null when it needs none and runs as soon as it is entered. */
    Map<String, Object> requirements(Snapshot snapshot, ProcessDefinition process);

    /** Work done when the process arrives at this stage, before its requirements are answered. */
    default Uni<Snapshot> enter(Snapshot snapshot, ProcessDefinition process) {
        return Uni.createFrom().item(snapshot);
    }

    /** Checks the input and answers the snapshot for the next stage; fails with a {@code FlowException} to stay. */
    Uni<Snapshot> submit(Snapshot snapshot, Map<String, Object> input, ProcessDefinition process);
}
