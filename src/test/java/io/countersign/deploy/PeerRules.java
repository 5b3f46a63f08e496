package io.countersign.deploy;

import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Consumer;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * Who may connect to the pods, and how clients and Prometheus reach them: the api admits only the ingress
 * controller's (or Gateway's) pods and Prometheus, the notifier only Prometheus, each a named namespace plus pod
 * labels, on 8080 only; an Ingress or HTTPRoute routes the public host (the one COUNTERSIGN_PUBLIC_BASE_URL names) to
 * the api Service; the optional ServiceMonitor and PodMonitor scrape /q/metrics of the right pods. With settings, the
 * peers, the host and the Ingress class are the settings'.
 */
final class PeerRules {

    private static final String NAMESPACE_LABEL = "kubernetes.io/metadata.name";

    private final Resources resources;
    private final Optional<DeploySettings> settings;
    private final Consumer<String> fail;

    PeerRules(Resources resources, Optional<DeploySettings> settings, Consumer<String> fail) {
        this.resources = resources;
        this.settings = settings;
        this.fail = fail;
    }

    void check(JsonNode api, JsonNode notifier, Map<String, String> environment) {
        List<DeploySettings.Peer> apiPeers = admitted(api, "api");
        List<DeploySettings.Peer> notifierPeers = admitted(notifier, "notifier");
        if (notifierPeers.isEmpty()) {
            fail.accept("no NetworkPolicy lets Prometheus scrape /q/metrics of the notifier pods");
        }
        settings.ifPresent(s -> {
            if (!apiPeers.contains(s.ingressController())) {
                fail.accept("no NetworkPolicy admits the ingress controller " + s.ingressController()
                        + " of settings.yaml to the api pods");
            }
            if (!apiPeers.contains(s.monitoring())) {
                fail.accept("no NetworkPolicy lets Prometheus " + s.monitoring() + " of settings.yaml scrape the api pods");
            }
            apiPeers.stream().filter(p -> !p.equals(s.ingressController()) && !p.equals(s.monitoring())).forEach(p ->
                    fail.accept("a NetworkPolicy admits " + p + " to the api pods, neither the ingress controller nor "
                            + "Prometheus of settings.yaml"));
            notifierPeers.stream().filter(p -> !p.equals(s.monitoring())).forEach(p -> fail.accept(
                    "a NetworkPolicy admits inbound traffic to the notifier from " + p + "; only Prometheus "
                            + s.monitoring() + " of settings.yaml may (to scrape /q/metrics)"));
        });
        routes(environment);
        monitors(api, notifier);
    }

    /** The peers the role's NetworkPolicies admit; a peer that is not "pods with labels in a named namespace" fails. */
    private List<DeploySettings.Peer> admitted(JsonNode deployment, String role) {
        List<DeploySettings.Peer> peers = new ArrayList<>();
        for (JsonNode policy : resources.policiesFor(Resources.podLabels(deployment))) {
            for (JsonNode rule : policy.path("spec").path("ingress")) {
                List<JsonNode> ports = PlatformRules.items(rule.path("ports"));
                if (ports.isEmpty() || ports.stream().anyMatch(p -> p.path("port").asInt() != 8080)) {
                    fail.accept(Resources.describe(policy) + " admits the " + role + " pods on ports " + rule.path("ports")
                            + "; only 8080 serves anything");
                }
                for (JsonNode from : rule.path("from")) {
                    String namespace = from.path("namespaceSelector").path("matchLabels").path(NAMESPACE_LABEL).asText("");
                    Map<String, String> labels = PlatformRules.labels(from.path("podSelector").path("matchLabels"));
                    DeploySettings.Peer peer = new DeploySettings.Peer(namespace, labels);
                    if (namespace.isEmpty() || labels.isEmpty()) {
                        fail.accept(Resources.describe(policy) + " admits inbound traffic to the " + role + " from " + from
                                + "; only pods with labels in a named namespace (the ingress controller, Prometheus) may");
                    }
                    peers.add(peer);
                }
            }
        }
        return peers;
    }

    private void routes(Map<String, String> environment) {
        String publicHost = URI.create(environment.getOrDefault("COUNTERSIGN_PUBLIC_BASE_URL", "")).getHost();
        List<String> hosts = new ArrayList<>();
        for (JsonNode ingress : resources.ofKinds(Set.of("Ingress"))) {
            ingress.path("spec").path("rules").forEach(r -> hosts.add(r.path("host").asText()));
            ingress.path("spec").path("tls").forEach(t -> t.path("hosts").forEach(h -> hosts.add(h.asText())));
            settings.filter(s -> !s.ingressClassName().equals(ingress.path("spec").path("ingressClassName").asText()))
                    .ifPresent(s -> fail.accept(Resources.describe(ingress) + " has the class "
                            + ingress.path("spec").path("ingressClassName") + ", not " + s.ingressClassName() + " of settings.yaml"));
        }
        for (JsonNode route : resources.ofKinds(Set.of("HTTPRoute"))) {
            route.path("spec").path("hostnames").forEach(h -> hosts.add(h.asText()));
            boolean toApi = route.path("spec").path("rules").findValues("backendRefs").stream()
                    .flatMap(refs -> PlatformRules.items(refs).stream())
                    .anyMatch(ref -> ref.path("name").asText().equals(ManifestRules.API) && ref.path("port").asInt() == 80);
            if (!toApi || route.path("spec").path("parentRefs").isEmpty()) {
                fail.accept(Resources.describe(route) + " must attach to a Gateway and route to the Service "
                        + ManifestRules.API + " port 80");
            }
        }
        for (String host : hosts) {
            if (!host.equals(publicHost)) {
                fail.accept("the route host " + host + " is not the host of COUNTERSIGN_PUBLIC_BASE_URL (" + publicHost
                        + "): links in the mail would lead elsewhere");
            }
            settings.filter(s -> !s.host().equals(host)).ifPresent(s -> fail.accept(
                    "the route host " + host + " is not the host " + s.host() + " of settings.yaml"));
        }
    }

    private void monitors(JsonNode api, JsonNode notifier) {
        Map<String, String> serviceLabels = resources.find("Service", ManifestRules.API)
                .map(s -> PlatformRules.labels(s.path("metadata").path("labels"))).orElse(Map.of());
        for (JsonNode monitor : resources.ofKinds(Set.of("ServiceMonitor", "PodMonitor"))) {
            boolean pods = monitor.path("kind").asText().equals("PodMonitor");
            Map<String, String> target = pods ? Resources.podLabels(notifier) : serviceLabels;
            Map<String, String> selector = PlatformRules.labels(monitor.path("spec").path("selector").path("matchLabels"));
            if (selector.isEmpty() || !selector.entrySet().stream().allMatch(e -> e.getValue().equals(target.get(e.getKey())))) {
                fail.accept(Resources.describe(monitor) + " selects " + selector + ", not the " + (pods ? "notifier pods "
                        : "api Service ") + target);
            }
            JsonNode endpoints = monitor.path("spec").path(pods ? "podMetricsEndpoints" : "endpoints");
            boolean scrapes = PlatformRules.items(endpoints).stream().anyMatch(e -> e.path("port").asText().equals("http")
                    && e.path("path").asText().equals("/q/metrics"));
            if (!scrapes) {
                fail.accept(Resources.describe(monitor) + " does not scrape /q/metrics on the port http");
            }
        }
    }
}
