package io.countersign.deploy;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import com.fasterxml.jackson.databind.JsonNode;

/** Rendered resources, looked up by kind and name. */
record Resources(List<JsonNode> all) {

    List<JsonNode> ofKinds(Set<String> kinds) {
        return all.stream().filter(r -> kinds.contains(r.path("kind").asText())).toList();
    }

    Optional<JsonNode> find(String kind, String name) {
        return all.stream().filter(r -> r.path("kind").asText().equals(kind)
                && r.path("metadata").path("name").asText().equals(name)).findFirst();
    }

    /** The NetworkPolicies whose podSelector selects pods with these labels. */
    List<JsonNode> policiesFor(Map<String, String> podLabels) {
        return ofKinds(Set.of("NetworkPolicy")).stream().filter(p -> {
            Map<String, String> selector = PlatformRules.labels(p.path("spec").path("podSelector").path("matchLabels"));
            return selector.entrySet().stream().allMatch(e -> e.getValue().equals(podLabels.get(e.getKey())));
        }).toList();
    }

    static Map<String, String> podLabels(JsonNode workload) {
        return PlatformRules.labels(workload.path("spec").path("template").path("metadata").path("labels"));
    }

    static String namespace(JsonNode resource) {
        return resource.path("metadata").path("namespace").asText("");
    }

    static String describe(JsonNode resource) {
        return resource.path("kind").asText() + " " + resource.path("metadata").path("name").asText();
    }
}
