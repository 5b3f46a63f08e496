package io.countersign.deploy;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * What {@link ImageProof} takes from the Deployments of {@code k8s/base}, so that the containers run as the pods
 * would: each role's terminationGracePeriodSeconds and its container's memory and CPU limits.
 */
final class ProofDeployments {

    record Limits(String memory, String cpus) {
    }

    private final JsonNode api;
    private final JsonNode notifier;

    private ProofDeployments(JsonNode api, JsonNode notifier) {
        this.api = api;
        this.notifier = notifier;
    }

    static ProofDeployments read(Path base) {
        try {
            List<JsonNode> api = Kustomize.parse(Files.readString(base.resolve("api-deployment.yaml")));
            List<JsonNode> notifier = Kustomize.parse(Files.readString(base.resolve("notifier-deployment.yaml")));
            return new ProofDeployments(api.get(0), notifier.get(0));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The Deployment of a proof container, by its name (countersign-proof-api-… or countersign-proof-notifier-…). */
    private JsonNode of(String container) {
        return container.contains("-api-") ? api : notifier;
    }

    int gracePeriodSeconds(String container) {
        return of(container).path("spec").path("template").path("spec").path("terminationGracePeriodSeconds").asInt(30);
    }

    Limits limits(String container) {
        JsonNode limits = of(container).path("spec").path("template").path("spec").path("containers").path(0)
                .path("resources").path("limits");
        // Kubernetes quantities to podman's: 768Mi -> 768m (podman's m is MiB), "2" or 1500m CPUs -> 2 or 1.5
        String memory = limits.path("memory").asText().replace("Mi", "m").replace("Gi", "g");
        String cpu = limits.path("cpu").asText();
        String cpus = cpu.endsWith("m") ? String.valueOf(Integer.parseInt(cpu.replace("m", "")) / 1000.0) : cpu;
        return new Limits(memory, cpus);
    }
}
