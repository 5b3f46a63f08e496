package io.countersign.deploy;

import static io.countersign.deploy.KubernetesManifestsTest.configMap;
import static io.countersign.deploy.KubernetesManifestsTest.expectViolation;
import static io.countersign.deploy.KubernetesManifestsTest.render;
import static io.countersign.deploy.KubernetesManifestsTest.resource;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * The platform rules of {@link PlatformRules} (issue 20): each is broken once in a rendered overlay and must be
 * reported; and the overlays' settings.yaml really are settings: changed, they move every place that depends on
 * them, with the optional components (Gateway API route, Prometheus monitors) enabled.
 */
class PlatformManifestsTest {

    private static final Path DEV = Path.of("k8s/overlays/dev");
    private static final Path PROD = Path.of("k8s/overlays/prod");
    private static Path copy;
    private static List<JsonNode> dev;
    private static List<JsonNode> prod;

    @BeforeAll
    static void renderTheOverlays() {
        dev = render(DEV.toString());
        prod = render(PROD.toString());
    }

    @AfterAll
    static void removeTheCopy() throws IOException {
        if (copy != null) {
            try (var paths = Files.walk(copy)) {
                for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
                    Files.delete(p);
                }
            }
        }
    }

    @Test
    void strimziResourcesUseTheV1Api() {
        devViolation(r -> ((ObjectNode) resource(r, "KafkaTopic", "countersign-notifications")).put("apiVersion",
                "kafka.strimzi.io/v1beta2"), "KafkaTopic countersign-notifications uses kafka.strimzi.io/v1beta2, which Strimzi 1.0 no longer serves");
        devViolation(r -> ((ObjectNode) resource(r, "Kafka", "events").path("metadata")).putObject("annotations")
                .put("strimzi.io/kraft", "enabled"), "carries the annotation strimzi.io/kraft, ignored since Strimzi 0.48");
        devViolation(r -> ((ObjectNode) resource(r, "KafkaUser", "countersign-api").path("spec").path("authorization")
                .path("acls").path(0)).put("operation", "Write"), "uses acls[].operation, which the v1 API removed");
        devViolation(r -> ((ObjectNode) resource(r, "Kafka", "events").path("spec").path("kafka")).put("replicas", 1),
                "sets spec.kafka.replicas, which the v1 API removed");
        devViolation(r -> ((ObjectNode) resource(r, "KafkaNodePool", "dual-role").path("spec")).remove("storage"),
                "KafkaNodePool dual-role has no spec.storage");
        devViolation(r -> r.remove(resource(r, "KafkaNodePool", "dual-role")), "Kafka events has no KafkaNodePool");
    }

    @Test
    void builtInKindsUseTheServedApiAndTheirRequiredFields() {
        prodViolation(r -> ((ObjectNode) resource(r, "HorizontalPodAutoscaler", "countersign-api")).put("apiVersion",
                "autoscaling/v2beta2"), "HorizontalPodAutoscaler countersign-api uses autoscaling/v2beta2, not autoscaling/v2");
        prodViolation(r -> ((ObjectNode) resource(r, "HorizontalPodAutoscaler", "countersign-api").path("spec")).remove("maxReplicas"),
                "HorizontalPodAutoscaler countersign-api lacks spec.maxReplicas, which its schema requires");
        prodViolation(r -> ((ObjectNode) resource(r, "Service", "countersign-api")).put("apiVersion", "v2"),
                "Service countersign-api uses v2, not v1");
        prodViolation(r -> ((ObjectNode) resource(r, "Service", "countersign-api")).put("kind", "Endpoints"),
                "Endpoints countersign-api (v1) is no built-in kind the manifests are checked for");
    }

    @Test
    void theKafkaLocationAgreesEverywhere() {
        devViolation(r -> ((ObjectNode) configMap(r).path("data")).put("KAFKA_BOOTSTRAP_SERVERS",
                "events-kafka-bootstrap.kafka.svc:9093"), "is not the Kafka cluster events in the namespace countersign-dev");
        devViolation(r -> caVolume(r, "countersign-notifier").put("secretName", "kafka-ca"),
                "Deployment countersign-notifier mounts the CA Secret kafka-ca, but Strimzi's CA");
        devViolation(r -> kafkaPeer(r, "countersign-api").with("podSelector").with("matchLabels")
                .put("strimzi.io/cluster", "other"), "not the brokers of the Kafka cluster events");
        // prod: Kafka in the namespace "kafka"; without the namespace selector the rule would mean this namespace
        prodViolation(r -> kafkaPeer(r, "countersign-notifier").remove("namespaceSelector"),
                "in the namespace 'countersign' on 9093, not the brokers of the Kafka cluster events in 'kafka'");
        prodViolation(r -> caVolume(r, "countersign-api").put("secretName", "other-ca"),
                "mounts the CA Secret other-ca, not events-cluster-ca-cert of settings.yaml");
    }

    @Test
    void onlyTheIngressControllerAndPrometheusMayConnect() {
        prodViolation(r -> peer(r, "countersign-api", 0).with("namespaceSelector").with("matchLabels")
                .put("kubernetes.io/metadata.name", "ingress-other"), "no NetworkPolicy admits the ingress controller");
        prodViolation(r -> ((ArrayNode) policy(r, "countersign-api").path("spec").path("ingress")).remove(1),
                "no NetworkPolicy lets Prometheus Peer[namespace=monitoring");
        prodViolation(r -> ((ArrayNode) policy(r, "countersign-notifier").path("spec").path("ingress")).remove(0),
                "no NetworkPolicy lets Prometheus scrape /q/metrics of the notifier pods");
        prodViolation(r -> peer(r, "countersign-notifier", 0).with("podSelector").with("matchLabels")
                .put("app.kubernetes.io/name", "grafana"), "admits inbound traffic to the notifier from Peer[namespace=monitoring");
        prodViolation(r -> ((ArrayNode) policy(r, "countersign-api").path("spec").path("ingress").path(1).path("ports"))
                .addObject().put("port", 5005), "only 8080 serves anything");
        prodViolation(r -> ((ObjectNode) resource(r, "Ingress", "countersign-api").path("spec"))
                .put("ingressClassName", "traefik"), "has the class \"traefik\", not nginx of settings.yaml");
        prodViolation(r -> ((ObjectNode) resource(r, "Ingress", "countersign-api").path("spec").path("rules").path(0))
                .put("host", "accounts.example.org"), "the route host accounts.example.org is not the host of COUNTERSIGN_PUBLIC_BASE_URL");
    }

    @Test
    void aOneInstanceDatabaseLetsNodesDrain() {
        devViolation(r -> ((ObjectNode) resource(r, "Cluster", "countersign-db").path("spec")).remove("enablePDB"),
                "has one instance and keeps CloudNativePG's PodDisruptionBudget");
    }

    @Test
    void theSettingsMoveEveryPlaceThatDependsOnThem() throws IOException {
        Path prodCopy = copyOfTheManifests().resolve("overlays/prod");
        Path settingsFile = prodCopy.resolve("settings.yaml");
        String settingsYaml = Files.readString(settingsFile)
                .replace("host: accounts.example.com", "host: id.example.org")
                .replace("cluster: events", "cluster: bus")
                .replace("namespace: kafka\n", "namespace: streaming\n")
                .replace("caSecret: events-cluster-ca-cert", "caSecret: bus-ca-copy")
                .replace("namespace: ingress-nginx", "namespace: envoy-gateway-system")
                .replace("app.kubernetes.io/name: ingress-nginx", "gateway.envoyproxy.io/owning-gateway-name: edge")
                .replace("className: nginx", "className: unused")
                .replace("name: public", "name: edge")
                .replace("namespace: monitoring", "namespace: observability")
                .replace("app.kubernetes.io/name: prometheus", "prometheus: k8s");
        Files.writeString(settingsFile, settingsYaml);
        Path kustomization = prodCopy.resolve("kustomization.yaml");
        String enabled = Files.readString(kustomization)
                .replace("  # - ../../components/scraping", "  - ../../components/scraping")
                .replace("  # - ../../components/gateway-api", "  - ../../components/gateway-api")
                .replace("=https://accounts.example.com", "=https://id.example.org");
        Files.writeString(kustomization, enabled);

        List<JsonNode> changed = render(prodCopy.toString());
        Optional<DeploySettings> newSettings = DeploySettings.of(prodCopy);
        assertEquals(new DeploySettings.Peer("envoy-gateway-system", Map.of("gateway.envoyproxy.io/owning-gateway-name", "edge")),
                newSettings.orElseThrow().ingressController());
        assertEquals(List.of(), ManifestRules.violations(KubernetesManifestsTest.settings(), changed, newSettings));
        assertEquals("bus-kafka-bootstrap.streaming.svc:9093", configMap(changed).path("data").path("KAFKA_BOOTSTRAP_SERVERS").asText());
        assertTrue(changed.stream().noneMatch(r -> r.path("kind").asText().equals("Ingress")), "the HTTPRoute replaces the Ingress");
        JsonNode route = resource(changed, "HTTPRoute", "countersign-api");
        assertEquals("id.example.org", route.path("spec").path("hostnames").path(0).asText());
        assertEquals("edge", route.path("spec").path("parentRefs").path(0).path("name").asText());
        assertEquals("gateway-system", route.path("spec").path("parentRefs").path(0).path("namespace").asText());
        resource(changed, "ServiceMonitor", "countersign-api");
        resource(changed, "PodMonitor", "countersign-notifier");
        String text = changed.toString();
        for (String old : List.of("events-", "ingress-nginx", "\"monitoring\"", "\"kafka\"", "accounts.example.com")) {
            assertFalse(text.contains(old), old + " is left in the rendered overlay");
        }
        // the old settings no longer describe the result: the rules see the difference
        List<String> againstOld = ManifestRules.violations(KubernetesManifestsTest.settings(), changed, DeploySettings.of(PROD));
        for (String expected : List.of("not the Kafka cluster events in the namespace kafka", "not events-cluster-ca-cert",
                "no NetworkPolicy admits the ingress controller", "no NetworkPolicy lets Prometheus", "not the host accounts.example.com")) {
            assertTrue(againstOld.stream().anyMatch(v -> v.contains(expected)), expected + " in " + againstOld);
        }
        // and the optional resources have rules of their own
        expectViolation(changed, newSettings, r -> ((ObjectNode) resource(r, "PodMonitor", "countersign-notifier").path("spec")
                .path("selector").path("matchLabels")).put("app.kubernetes.io/component", "api"), "not the notifier pods");
        expectViolation(changed, newSettings, r -> ((ObjectNode) resource(r, "ServiceMonitor", "countersign-api").path("spec")
                .path("endpoints").path(0)).put("path", "/metrics"), "does not scrape /q/metrics");
        expectViolation(changed, newSettings, r -> ((ObjectNode) resource(r, "HTTPRoute", "countersign-api").path("spec")
                .path("rules").path(0).path("backendRefs").path(0)).put("port", 8080), "route to the Service countersign-api port 80");
    }

    // --- helpers ----------------------------------------------------------------------------------------------

    private static void devViolation(Consumer<List<JsonNode>> change, String expected) {
        expectViolation(dev, DeploySettings.of(DEV), change, expected);
    }

    private static void prodViolation(Consumer<List<JsonNode>> change, String expected) {
        expectViolation(prod, DeploySettings.of(PROD), change, expected);
    }

    private static JsonNode policy(List<JsonNode> resources, String name) {
        return resource(resources, "NetworkPolicy", name);
    }

    private static ObjectNode peer(List<JsonNode> resources, String policy, int rule) {
        return (ObjectNode) policy(resources, policy).path("spec").path("ingress").path(rule).path("from").path(0);
    }

    /** The peer of the egress rule to the Kafka brokers (rule 2, k8s/base/network-policies.yaml). */
    private static ObjectNode kafkaPeer(List<JsonNode> resources, String policy) {
        return (ObjectNode) policy(resources, policy).path("spec").path("egress").path(2).path("to").path(0);
    }

    private static ObjectNode caVolume(List<JsonNode> resources, String deployment) {
        for (JsonNode volume : resource(resources, "Deployment", deployment).path("spec").path("template").path("spec").path("volumes")) {
            if (volume.path("name").asText().equals("kafka-ca")) {
                return (ObjectNode) volume.path("secret");
            }
        }
        throw new AssertionError("no kafka-ca volume in " + deployment);
    }

    private static Path copyOfTheManifests() throws IOException {
        copy = Files.createTempDirectory("countersign-k8s-");
        Path source = Path.of("k8s");
        try (var paths = Files.walk(source)) {
            for (Path p : paths.toList()) {
                Path target = copy.resolve(source.relativize(p).toString());
                if (Files.isDirectory(p)) {
                    Files.createDirectories(target);
                } else {
                    Files.copy(p, target);
                }
            }
        }
        return copy;
    }
}
