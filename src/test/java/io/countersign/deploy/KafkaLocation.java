package io.countersign.deploy;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * Where the application finds Kafka must agree everywhere: the bootstrap address
 * ({@code <cluster>-kafka-bootstrap[.<namespace>.svc]:<port>}), the NetworkPolicies' egress to the brokers (pods of
 * that cluster in that namespace), and the CA Secret the pods mount (Strimzi's {@code <cluster>-cluster-ca-cert} when
 * Kafka shares the namespace; a copy otherwise). With settings, the cluster, namespace and Secret are the settings'.
 */
final class KafkaLocation {

    private static final Pattern BOOTSTRAP = Pattern.compile(
            "([a-z0-9]([a-z0-9-]*[a-z0-9])?)-kafka-bootstrap(?:\\.([a-z0-9-]+)(?:\\.svc(?:\\.cluster\\.local)?)?)?:(\\d+)");
    private static final String NAMESPACE_LABEL = "kubernetes.io/metadata.name";

    private final Resources resources;
    private final Optional<DeploySettings> settings;
    private final Consumer<String> fail;

    KafkaLocation(Resources resources, Optional<DeploySettings> settings, Consumer<String> fail) {
        this.resources = resources;
        this.settings = settings;
        this.fail = fail;
    }

    void check(List<JsonNode> deployments, Map<String, String> environment) {
        String bootstrap = environment.getOrDefault("KAFKA_BOOTSTRAP_SERVERS", "");
        Matcher m = BOOTSTRAP.matcher(bootstrap.split(",")[0]);
        if (!m.matches()) {
            fail.accept("KAFKA_BOOTSTRAP_SERVERS " + bootstrap + " is not a Strimzi bootstrap service "
                    + "(<cluster>-kafka-bootstrap.<namespace>.svc:<port>)");
            return;
        }
        String cluster = m.group(1);
        int port = Integer.parseInt(m.group(4));
        for (JsonNode deployment : deployments) {
            String own = Resources.namespace(deployment);
            String namespace = m.group(3) != null ? m.group(3) : own;
            settings.ifPresent(s -> {
                if (!s.kafkaCluster().equals(cluster) || !s.kafkaNamespace().equals(namespace)) {
                    fail.accept("KAFKA_BOOTSTRAP_SERVERS " + bootstrap + " is not the Kafka cluster " + s.kafkaCluster()
                            + " in the namespace " + s.kafkaNamespace() + " of settings.yaml");
                }
            });
            String secret = deployment.path("spec").path("template").path("spec").path("volumes").findValues("secretName")
                    .stream().map(JsonNode::asText).filter(n -> !n.isEmpty()).findFirst().orElse("");
            if (namespace.equals(own) && !secret.equals(cluster + "-cluster-ca-cert")) {
                fail.accept(Resources.describe(deployment) + " mounts the CA Secret " + secret + ", but Strimzi's CA of the "
                        + "cluster " + cluster + " in this namespace is " + cluster + "-cluster-ca-cert");
            }
            settings.filter(s -> !s.kafkaCaSecret().equals(secret)).ifPresent(s -> fail.accept(
                    Resources.describe(deployment) + " mounts the CA Secret " + secret + ", not " + s.kafkaCaSecret()
                            + " of settings.yaml"));
            checkEgress(deployment, cluster, namespace, port);
        }
    }

    private void checkEgress(JsonNode deployment, String cluster, String namespace, int port) {
        for (JsonNode policy : resources.policiesFor(Resources.podLabels(deployment))) {
            List<JsonNode> rules = PlatformRules.items(policy.path("spec").path("egress")).stream()
                    .filter(r -> PlatformRules.items(r.path("ports")).stream().anyMatch(p -> p.path("port").asInt() == port))
                    .toList();
            if (rules.isEmpty()) {
                fail.accept(Resources.describe(policy) + " lets the pods reach no Kafka broker on " + port);
            }
            for (JsonNode rule : rules) {
                for (JsonNode peer : rule.path("to")) {
                    Map<String, String> pods = PlatformRules.labels(peer.path("podSelector").path("matchLabels"));
                    String peerNamespace = peer.has("namespaceSelector")
                            ? peer.path("namespaceSelector").path("matchLabels").path(NAMESPACE_LABEL).asText("")
                            : Resources.namespace(policy);
                    if (!cluster.equals(pods.get("strimzi.io/cluster")) || !"Kafka".equals(pods.get("strimzi.io/kind"))
                            || !namespace.equals(peerNamespace)) {
                        fail.accept(Resources.describe(policy) + " lets the pods reach " + pods + " in the namespace '"
                                + peerNamespace + "' on " + port + ", not the brokers of the Kafka cluster " + cluster
                                + " in '" + namespace + "' the application connects to");
                    }
                }
            }
        }
    }
}
