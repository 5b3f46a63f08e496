package io.countersign.selfservice;

import java.util.List;

/** A configured process: its name (and path), its stages in order, and the fields its userQuery asks for. */
public record ProcessDefinition(String name, List<Stage> stages, List<String> queryFields) {

    /** Whether a stage of this type comes in this process (stages adapt, e.g. userDetails asks for a phone with smsValidation). */
    public boolean has(String type) {
        return stages.stream().anyMatch(s -> s.type().equals(type));
    }

    /** Whether a stage of this type comes before the given index. */
    public boolean before(String type, int index) {
        return stages.subList(0, index).stream().anyMatch(s -> s.type().equals(type));
    }
}
