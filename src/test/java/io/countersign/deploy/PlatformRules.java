package io.countersign.deploy;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Consumer;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * The rules about the platform the manifests meet: the Strimzi API Strimzi 1.x serves, the autoscaler owning the api's
 * replicas, where Kafka lives, which peers the NetworkPolicies admit (ingress controller, Prometheus), the optional
 * monitors and the CloudNativePG cluster's disruption budget. With an overlay's {@link DeploySettings}, the rendered
 * values must be the settings'.
 */
final class PlatformRules {

    static final String STRIMZI_API = "kafka.strimzi.io/v1";
    /**
     * The built-in kinds the manifests may use, with the apiVersion Kubernetes 1.23+ serves and the fields its OpenAPI
     * schema requires (paths below the resource). Other groups are the operators' (Strimzi, CloudNativePG, Gateway API,
     * Prometheus Operator, the local-config settings).
     */
    private static final Map<String, Map.Entry<String, List<String>>> CORE = Map.of(
            "Deployment", Map.entry("apps/v1", List.of("spec/selector", "spec/template")),
            "Service", Map.entry("v1", List.of()),
            "ConfigMap", Map.entry("v1", List.of()),
            "Ingress", Map.entry("networking.k8s.io/v1", List.of()),
            "NetworkPolicy", Map.entry("networking.k8s.io/v1", List.of()),
            "HorizontalPodAutoscaler", Map.entry("autoscaling/v2", List.of("spec/scaleTargetRef", "spec/maxReplicas")),
            "PodDisruptionBudget", Map.entry("policy/v1", List.of()));
    private static final Set<String> REMOVED_KAFKA_FIELDS = Set.of("replicas", "storage", "resources");
    private static final Set<String> IGNORED_ANNOTATIONS = Set.of("strimzi.io/kraft", "strimzi.io/node-pools");

    private final Resources resources;
    private final Optional<DeploySettings> settings;
    private final Consumer<String> fail;

    PlatformRules(Resources resources, Optional<DeploySettings> settings, Consumer<String> fail) {
        this.resources = resources;
        this.settings = settings;
        this.fail = fail;
    }

    void check(JsonNode api, JsonNode notifier, Map<String, String> environment) {
        coreApis();
        strimziApi();
        autoscaledReplicas();
        new KafkaLocation(resources, settings, fail).check(List.of(api, notifier), environment);
        new PeerRules(resources, settings, fail).check(api, notifier, environment);
        database();
    }

    /**
     * Built-in kinds: the served apiVersion and the schema's required fields; containers need a name (schema) and an
     * image (Deployment validation).
     */
    private void coreApis() {
        for (JsonNode r : resources.all()) {
            String apiVersion = r.path("apiVersion").asText();
            String group = apiVersion.contains("/") ? apiVersion.substring(0, apiVersion.indexOf('/')) : "";
            var known = CORE.get(r.path("kind").asText());
            boolean builtIn = !group.contains(".") || group.endsWith(".k8s.io") && !group.startsWith("gateway.");
            if (known == null && builtIn) {
                fail.accept(Resources.describe(r) + " (" + apiVersion + ") is no built-in kind the manifests are checked for");
            } else if (known != null && !known.getKey().equals(apiVersion)) {
                fail.accept(Resources.describe(r) + " uses " + apiVersion + ", not " + known.getKey());
            } else if (known != null) {
                for (String field : known.getValue()) {
                    if (r.at("/" + field).isMissingNode()) {
                        fail.accept(Resources.describe(r) + " lacks " + field.replace('/', '.') + ", which its schema requires");
                    }
                }
            }
            r.findValues("containers").forEach(list -> list.forEach(c -> {
                if (c.path("name").asText().isEmpty() || c.path("image").asText().isEmpty()) {
                    fail.accept(Resources.describe(r) + " has a container without name or image");
                }
            }));
        }
    }

    /** Strimzi 1.0 removed v1beta2: the v1 API (served since 0.49) and its schema's required and removed fields. */
    private void strimziApi() {
        for (JsonNode r : resources.all()) {
            String apiVersion = r.path("apiVersion").asText();
            if (apiVersion.startsWith("kafka.strimzi.io/") && !apiVersion.equals(STRIMZI_API)) {
                fail.accept(Resources.describe(r) + " uses " + apiVersion + ", which Strimzi 1.0 no longer serves: use "
                        + STRIMZI_API);
            }
            if (apiVersion.startsWith("kafka.strimzi.io/") && !r.path("spec").isObject()) {
                fail.accept(Resources.describe(r) + " has no spec, which the v1 API requires");
            }
        }
        for (JsonNode kafka : resources.ofKinds(Set.of("Kafka"))) {
            String where = Resources.describe(kafka);
            kafka.path("metadata").path("annotations").fieldNames().forEachRemaining(a -> {
                if (IGNORED_ANNOTATIONS.contains(a)) {
                    fail.accept(where + " carries the annotation " + a + ", ignored since Strimzi 0.48 (KRaft and node "
                            + "pools are the only mode)");
                }
            });
            if (kafka.path("spec").has("zookeeper")) {
                fail.accept(where + " sets spec.zookeeper, which the v1 API removed");
            }
            for (String field : REMOVED_KAFKA_FIELDS) {
                if (kafka.path("spec").path("kafka").has(field)) {
                    fail.accept(where + " sets spec.kafka." + field + ", which the v1 API removed (a KafkaNodePool holds it)");
                }
            }
            if (kafka.path("spec").path("kafka").path("listeners").isEmpty()) {
                fail.accept(where + " has no spec.kafka.listeners, which the v1 API requires");
            }
            String name = kafka.path("metadata").path("name").asText();
            boolean pooled = resources.ofKinds(Set.of("KafkaNodePool")).stream().anyMatch(p -> name.equals(
                    p.path("metadata").path("labels").path("strimzi.io/cluster").asText()));
            if (!pooled) {
                fail.accept(where + " has no KafkaNodePool (label strimzi.io/cluster: " + name + ")");
            }
        }
        for (JsonNode pool : resources.ofKinds(Set.of("KafkaNodePool"))) {
            for (String field : List.of("replicas", "roles", "storage")) {
                if (!pool.path("spec").has(field)) {
                    fail.accept(Resources.describe(pool) + " has no spec." + field + ", which the v1 API requires");
                }
            }
        }
        for (JsonNode user : resources.ofKinds(Set.of("KafkaUser"))) {
            for (JsonNode acl : user.path("spec").path("authorization").path("acls")) {
                if (acl.has("operation")) {
                    fail.accept(Resources.describe(user) + " uses acls[].operation, which the v1 API removed: use operations");
                }
                if (acl.path("operations").isEmpty() || !acl.path("resource").has("type")) {
                    fail.accept(Resources.describe(user) + " has an ACL without operations or resource.type (v1 requires both)");
                }
            }
        }
    }

    /** A Deployment an autoscaler scales sets no replicas: every apply would reset the scale to that number. */
    private void autoscaledReplicas() {
        for (JsonNode hpa : resources.ofKinds(Set.of("HorizontalPodAutoscaler"))) {
            JsonNode target = hpa.path("spec").path("scaleTargetRef");
            resources.find(target.path("kind").asText(), target.path("name").asText())
                    .filter(d -> d.path("spec").has("replicas"))
                    .ifPresent(d -> fail.accept(Resources.describe(d) + " sets replicas, which its "
                            + Resources.describe(hpa) + " owns: every apply would reset the scale"));
        }
    }

    /** A one-instance CloudNativePG cluster's default PodDisruptionBudget forbids every eviction: drains block. */
    private void database() {
        for (JsonNode cluster : resources.ofKinds(Set.of("Cluster"))) {
            if (!cluster.path("apiVersion").asText().startsWith("postgresql.cnpg.io/")) {
                continue;
            }
            if (cluster.path("spec").path("instances").asInt(1) < 2 && cluster.path("spec").path("enablePDB").asBoolean(true)) {
                fail.accept(Resources.describe(cluster) + " has one instance and keeps CloudNativePG's PodDisruptionBudget "
                        + "(enablePDB): kubectl drain would block on it");
            }
        }
    }

    static Map<String, String> labels(JsonNode matchLabels) {
        Map<String, String> labels = new LinkedHashMap<>();
        matchLabels.fields().forEachRemaining(e -> labels.put(e.getKey(), e.getValue().asText()));
        return labels;
    }

    static List<JsonNode> items(JsonNode array) {
        List<JsonNode> items = new ArrayList<>();
        array.forEach(items::add);
        return items;
    }
}
