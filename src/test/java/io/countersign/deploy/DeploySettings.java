package io.countersign.deploy;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * An overlay's deployment settings, its {@code settings.yaml} (the DeploySettings resource that
 * {@code k8s/components/settings} writes into the resources): what the rendered manifests must then contain.
 */
record DeploySettings(String host, String kafkaCluster, String kafkaNamespace, String kafkaCaSecret,
        Peer ingressController, String ingressClassName, Peer monitoring) {

    /** Pods in a namespace, by labels: a NetworkPolicy peer. */
    record Peer(String namespace, Map<String, String> podLabels) {
    }

    /** The settings of the kustomization in this directory, if it has a settings.yaml. */
    static Optional<DeploySettings> of(Path kustomization) {
        Path file = kustomization.resolve("settings.yaml");
        if (!Files.isRegularFile(file)) {
            return Optional.empty();
        }
        try {
            return Optional.of(from(Kustomize.parse(Files.readString(file)).get(0)));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static DeploySettings from(JsonNode resource) {
        JsonNode spec = resource.path("spec");
        JsonNode kafka = spec.path("kafka");
        JsonNode ingress = spec.path("ingressController");
        return new DeploySettings(spec.path("host").asText(), kafka.path("cluster").asText(),
                kafka.path("namespace").asText(), kafka.path("caSecret").asText(), peer(ingress),
                ingress.path("className").asText(), peer(spec.path("monitoring")));
    }

    private static Peer peer(JsonNode node) {
        Map<String, String> labels = new LinkedHashMap<>();
        node.path("podLabels").fields().forEachRemaining(e -> labels.put(e.getKey(), e.getValue().asText()));
        return new Peer(node.path("namespace").asText(), labels);
    }
}
