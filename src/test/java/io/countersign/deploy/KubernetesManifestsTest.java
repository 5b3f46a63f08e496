package io.countersign.deploy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Consumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.countersign.testing.RequiredVariables;

/**
 * Renders the kustomize base and both overlays with {@code kubectl kustomize} and checks the invariants of
 * {@link ManifestRules}. The mutation tests break one invariant at a time in a rendered overlay and expect
 * that very violation, so none of the checks passes vacuously.
 */
class KubernetesManifestsTest {

    static ApplicationSettings settings;

    @BeforeAll
    static void readTheApplicationsConfiguration() {
        settings = ApplicationSettings.load();
    }

    static ApplicationSettings settings() {
        if (settings == null) {
            settings = ApplicationSettings.load();
        }
        return settings;
    }

    @ParameterizedTest
    @ValueSource(strings = { "k8s/overlays/dev", "k8s/overlays/prod", "k8s/base" })
    void rendersAndHoldsEveryInvariant(String kustomization) {
        List<JsonNode> resources = render(kustomization);
        assertEquals(List.of(), ManifestRules.violations(settings, resources, DeploySettings.of(Path.of(kustomization))),
                kustomization);
    }

    @Test
    void overlaysDifferWhereTheyShould() {
        List<JsonNode> dev = render("k8s/overlays/dev");
        List<JsonNode> prod = render("k8s/overlays/prod");
        assertEquals("countersign-dev", namespaceOf(dev, "Deployment", "countersign-api"));
        assertEquals("countersign", namespaceOf(prod, "Deployment", "countersign-api"));
        assertFalse(resource(prod, "Deployment", "countersign-api").path("spec").has("replicas"), "the HPA owns them");
        assertEquals(3, resource(prod, "HorizontalPodAutoscaler", "countersign-api").path("spec").path("minReplicas").asInt());
        assertEquals("events-kafka-bootstrap.kafka.svc:9093", configMap(prod).path("data").path("KAFKA_BOOTSTRAP_SERVERS").asText());
        assertEquals("events-kafka-bootstrap.countersign-dev.svc:9093",
                configMap(dev).path("data").path("KAFKA_BOOTSTRAP_SERVERS").asText());
        assertFalse(resource(dev, "Cluster", "countersign-db").path("spec").path("enablePDB").asBoolean(true));
        assertEquals(12, resource(prod, "KafkaTopic", "countersign-notifications").path("spec").path("partitions").asInt());
        assertTrue(resource(prod, "Deployment", "countersign-api").toString().contains("registry.example.com/countersign:0.1.0"));
        assertTrue(dev.stream().anyMatch(r -> r.path("kind").asText().equals("Kafka")), "dev brings its own Kafka cluster");
        assertTrue(prod.stream().noneMatch(r -> r.path("kind").asText().equals("Kafka")), "prod uses the platform's Kafka");
    }

    // --- the environment check can fail ---------------------------------------------------------------------

    @Test
    void onlyVariablesTheApplicationReadsAreAccepted() {
        for (String known : List.of("DB_HOST", "KAFKA_SASL_JAAS_CONFIG", "NOTIFICATIONS_TOPIC", "QUARKUS_PROFILE",
                "QUARKUS_HTTP_PORT", "QUARKUS_LOG_LEVEL", "COUNTERSIGN_LOGIN_ISSUER", "COUNTERSIGN_RATE_LIMITS_SIGN_UP_PER_IP",
                "COUNTERSIGN_EVENTS_KEYS_K2", "COUNTERSIGN_NOTIFIER_RETRY_MAX_RETRIES", "COUNTERSIGN_ADMIN_EMAILS", "FAM_DELAY")) {
            assertTrue(settings.reads(known), known + " is read by the application");
        }
        for (String unknown : List.of("DB_HOTS", "DATABASE_URL", "COUNTERSIGN_LOGIN_ISSUR", "COUNTERSIGN_API_PORT",
                "COUNTERSIGN_API_SERVICE_HOST", "QUARKUS_PROFILES", "KAFKA_BOOTSTRAP", "COUNTERSIGN_EVENTS_KEYS",
                "SMTP_PASS", "JAVA_OPTS")) {
            assertFalse(settings.reads(unknown), unknown + " is no configuration key of the application");
        }
    }

    @Test
    void anUnknownVariableInAContainerOrTheConfigMapIsAViolation() {
        expectViolation(r -> envOf(r, "countersign-api").addObject().put("name", "DB_HOTS").put("value", "db"),
                "sets DB_HOTS, which is no configuration key");
        expectViolation(r -> ((ObjectNode) configMap(r).path("data")).put("SMTP_PASS", "x"),
                "sets SMTP_PASS, which is no configuration key");
        expectViolation(r -> ((ObjectNode) podOf(r, "countersign-notifier")).put("enableServiceLinks", true),
                "enableServiceLinks must be false");
    }

    @Test
    void secretKeysDocumentedInTheK8sReadmeAreSettingsAndCoverTheRequiredOnes() throws IOException {
        String readme = Files.readString(Path.of("k8s/README.md"));
        // the command, up to its first line without a continuation backslash
        Matcher command = Pattern.compile("create secret generic countersign-secrets((?:[^\\n]*\\\\\\n)*[^\\n]*)")
                .matcher(readme);
        assertTrue(command.find(), "k8s/README.md shows how to create the Secret countersign-secrets");
        Set<String> keys = new TreeSet<>();
        Matcher literal = Pattern.compile("--from-literal=([A-Za-z0-9_]+)=").matcher(command.group(1));
        while (literal.find()) {
            keys.add(literal.group(1));
        }
        assertTrue(keys.containsAll(Set.of("EVENTS_KEY_K1", "SMTP_PASSWORD")), "keys read from the command: " + keys);
        for (String key : keys) {
            assertTrue(settings.reads(key), "the Secret key " + key + " is no configuration key of the application");
        }
        Set<String> required = RequiredVariables.in(Path.of("src/main/resources/application.properties"));
        assertFalse(required.isEmpty());
        assertTrue(keys.containsAll(required), "the Secret must hold every required variable " + required + ", has " + keys);
    }

    // --- each invariant can fail -------------------------------------------------------------------------------

    @Test
    void aMissingProbeLimitOrSecuritySettingIsAViolation() {
        expectViolation(r -> container(r, "countersign-api").remove("livenessProbe"),
                "Deployment countersign-api container countersign has no livenessProbe");
        expectViolation(r -> container(r, "countersign-notifier").remove("startupProbe"),
                "Deployment countersign-notifier container countersign has no startupProbe");
        expectViolation(r -> ((ObjectNode) container(r, "countersign-api").path("readinessProbe").path("httpGet")).put("path", "/"),
                "readinessProbe must GET /q/health/ready");
        expectViolation(r -> ((ObjectNode) container(r, "countersign-api").path("resources")).remove("limits"),
                "sets no memory limits");
        expectViolation(r -> ((ObjectNode) container(r, "countersign-notifier").path("resources").path("requests")).remove("cpu"),
                "sets no cpu requests");
        expectViolation(r -> {
            ((ObjectNode) container(r, "countersign-api").path("securityContext")).remove("runAsNonRoot");
            ((ObjectNode) podOf(r, "countersign-api").path("securityContext")).remove("runAsNonRoot");
        }, "may run as root");
        expectViolation(r -> ((ObjectNode) container(r, "countersign-notifier").path("securityContext")).put("readOnlyRootFilesystem", false),
                "must set readOnlyRootFilesystem: true");
        expectViolation(r -> ((ObjectNode) container(r, "countersign-api").path("securityContext")).put("allowPrivilegeEscalation", true),
                "must set allowPrivilegeEscalation: false");
        expectViolation(r -> ((ObjectNode) container(r, "countersign-api").path("securityContext").path("capabilities")).putArray("drop").add("NET_RAW"),
                "must drop ALL capabilities");
        expectViolation(r -> ((ObjectNode) container(r, "countersign-api")).putArray("volumeMounts"),
                "needs a writable emptyDir at /tmp");
        expectViolation(r -> ((ObjectNode) container(resource(r, "Deployment", "mailpit"), 0)).remove("readinessProbe"),
                "Deployment mailpit container mailpit has no readinessProbe");
    }

    @Test
    void topicsReplicasAutoscalerAndDisruptionBudgetAreChecked() {
        expectViolation(r -> ((ObjectNode) configMap(r).path("data")).put("NOTIFICATIONS_TOPIC", "countersign.events"),
                "no KafkaTopic for the notification topic countersign.events");
        expectViolation(r -> ((ObjectNode) resource(r, "KafkaTopic", "countersign-notifications-dlq").path("spec"))
                .put("topicName", "countersign.dead"), "no KafkaTopic for the dead-letter topic countersign.notifications.dlq");
        expectViolation(r -> ((ObjectNode) resource(r, "Deployment", "countersign-notifier").path("spec")).put("replicas", 4),
                "runs 4 replicas x 3 consumers (NOTIFIER_CONCURRENCY) for 3 partitions");
        expectViolation(r -> ((ObjectNode) resource(r, "Deployment", "countersign-api").path("spec")).put("replicas", 2),
                "Deployment countersign-api sets replicas, which its HorizontalPodAutoscaler countersign-api owns");
        expectViolation(r -> {
            r.remove(resource(r, "HorizontalPodAutoscaler", "countersign-api"));
            ((ObjectNode) resource(r, "Deployment", "countersign-api").path("spec")).put("replicas", 1);
        }, "must run at least 2 replicas");
        expectViolation(r -> ((ObjectNode) resource(r, "HorizontalPodAutoscaler", "countersign-api").path("spec").path("scaleTargetRef"))
                .put("name", "countersign-notifier"), "exactly one HorizontalPodAutoscaler must target the Deployment countersign-api");
        expectViolation(r -> ((ObjectNode) resource(r, "PodDisruptionBudget", "countersign-api").path("spec").path("selector")
                .path("matchLabels")).put("app.kubernetes.io/component", "notifier"),
                "exactly one PodDisruptionBudget must select the api pods");
        expectViolation(r -> ((ObjectNode) resource(r, "PodDisruptionBudget", "countersign-api").path("spec")).put("minAvailable", 2),
                "would block every node drain");
        expectViolation(r -> ((ObjectNode) resource(r, "Service", "countersign-api").path("spec").path("selector"))
                .put("app.kubernetes.io/component", "notifier"), "selects the notifier pods");
    }

    @Test
    void kafkaPrincipalsAndNetworkPoliciesAreChecked() {
        expectViolation(r -> ((ObjectNode) resource(r, "KafkaUser", "countersign-api").path("spec").path("authorization")
                .path("acls").path(0)).putArray("operations").add("All"), "is granted All on topic countersign.notifications");
        expectViolation(r -> ((ArrayNode) resource(r, "KafkaUser", "countersign-notifier").path("spec").path("authorization")
                .path("acls")).remove(1), "lacks group countersign-notifier Read");
        expectViolation(r -> ((ObjectNode) resource(r, "KafkaUser", "countersign-api").path("spec").path("authorization")
                .path("acls").path(0)).putArray("operations").add("Write").add("Read"), "is granted more than its role needs");
        expectViolation(r -> ((ObjectNode) resource(r, "KafkaUser", "countersign-notifier").path("spec").path("authorization")
                .path("acls").path(0).path("resource")).put("name", "countersign."), "which its role does not use");
        expectViolation(r -> ((ObjectNode) envOf(r, "countersign-notifier").path(3).path("valueFrom").path("secretKeyRef"))
                .put("name", "countersign-api"), "must read KAFKA_SASL_JAAS_CONFIG from the Secret of KafkaUser countersign-notifier");
        expectViolation(r -> ((ObjectNode) resource(r, "NetworkPolicy", "countersign-notifier").path("spec")).putArray("ingress")
                .addObject().putArray("from").addObject().putObject("podSelector"), "admits inbound traffic to the notifier");
        expectViolation(r -> ((ObjectNode) resource(r, "NetworkPolicy", "countersign-api").path("spec").path("ingress").path(0))
                .remove("from"), "lets traffic reach the api from anywhere");
        expectViolation(r -> ((ObjectNode) resource(r, "KafkaTopic", "countersign-notifications").path("metadata").path("labels"))
                .put("strimzi.io/cluster", "other"), "belongs to the Kafka cluster other");
    }

    // --- helpers ----------------------------------------------------------------------------------------------

    /** Renders the dev overlay, checks it passes, applies the change, and expects a violation containing the text. */
    private static void expectViolation(Consumer<List<JsonNode>> change, String expected) {
        expectViolation(DevOverlay.get(), DeploySettings.of(Path.of("k8s/overlays/dev")), change, expected);
    }

    static void expectViolation(List<JsonNode> rendered, Optional<DeploySettings> deploySettings,
            Consumer<List<JsonNode>> change, String expected) {
        List<JsonNode> resources = copy(rendered);
        assertEquals(List.of(), ManifestRules.violations(settings(), resources, deploySettings), "the unchanged overlay passes");
        change.accept(resources);
        List<String> violations = ManifestRules.violations(settings(), resources, deploySettings);
        assertTrue(violations.stream().anyMatch(v -> v.contains(expected)),
                "expected a violation containing '" + expected + "', got " + violations);
    }

    /** The dev overlay, rendered once for the mutation tests. */
    private static final class DevOverlay {
        private static List<JsonNode> rendered;

        static synchronized List<JsonNode> get() {
            if (rendered == null) {
                rendered = render("k8s/overlays/dev");
            }
            return rendered;
        }
    }

    static List<JsonNode> render(String kustomization) {
        var kubectl = Kustomize.kubectl();
        Assumptions.assumeTrue(kubectl.isPresent(),
                "kubectl is not installed (nor named by -Dcountersign.test.kubectl): the manifests cannot be rendered "
                        + "here. k8s/ needs kubectl 1.27 or later (kustomize v5), see .ci/run.");
        List<JsonNode> resources = Kustomize.render(kubectl.get(), Path.of(kustomization));
        assertFalse(resources.isEmpty(), kustomization + " renders nothing");
        return resources;
    }

    static List<JsonNode> copy(List<JsonNode> resources) {
        List<JsonNode> copy = new ArrayList<>();
        resources.forEach(r -> copy.add(r.deepCopy()));
        return copy;
    }

    static JsonNode resource(List<JsonNode> resources, String kind, String name) {
        return resources.stream().filter(r -> r.path("kind").asText().equals(kind)
                && r.path("metadata").path("name").asText().equals(name)).findFirst()
                .orElseThrow(() -> new AssertionError("no " + kind + " " + name));
    }

    private static String namespaceOf(List<JsonNode> resources, String kind, String name) {
        return resource(resources, kind, name).path("metadata").path("namespace").asText();
    }

    static JsonNode configMap(List<JsonNode> resources) {
        return resources.stream().filter(r -> r.path("kind").asText().equals("ConfigMap")
                && r.path("metadata").path("name").asText().startsWith("countersign-config")).findFirst().orElseThrow();
    }

    private static JsonNode podOf(List<JsonNode> resources, String deployment) {
        return resource(resources, "Deployment", deployment).path("spec").path("template").path("spec");
    }

    static ObjectNode container(List<JsonNode> resources, String deployment) {
        return container(resource(resources, "Deployment", deployment), 0);
    }

    private static ObjectNode container(JsonNode deployment, int index) {
        return (ObjectNode) deployment.path("spec").path("template").path("spec").path("containers").path(index);
    }

    private static ArrayNode envOf(List<JsonNode> resources, String deployment) {
        return (ArrayNode) container(resources, deployment).path("env");
    }
}
