package io.countersign.selfservice;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Where a process stands between two steps: its name, the index of the stage waiting for input, and what the
 * earlier stages established (the identity asked for, the account proved, the terms accepted...). It travels
 * inside the snapshot token, encrypted in both modes ({@link SnapshotTokens}), never in clear.
 */
public record Snapshot(String process, int stage, Map<String, String> state) {

    public Snapshot {
        state = Map.copyOf(state);
    }

    public static Snapshot start(String process) {
        return new Snapshot(process, 0, Map.of());
    }

    public String get(String key) {
        return state.get(key);
    }

    public boolean has(String key) {
        return state.containsKey(key);
    }

    /** The same snapshot with one more (or a changed) fact; a null value removes the key. */
    public Snapshot with(String key, String value) {
        Map<String, String> next = new LinkedHashMap<>(state);
        if (value == null) {
            next.remove(key);
        } else {
            next.put(key, value);
        }
        return new Snapshot(process, stage, next);
    }

    public Snapshot at(int nextStage) {
        return new Snapshot(process, nextStage, state);
    }
}
