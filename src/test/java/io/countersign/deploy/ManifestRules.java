package io.countersign.deploy;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * The invariants every rendered overlay must hold. {@link #violations} lists each broken one as a sentence
 * naming the resource; an empty list means the manifests pass.
 */
final class ManifestRules {

    static final String API = "countersign-api";
    static final String NOTIFIER = "countersign-notifier";
    static final String NOTIFICATION_CHANNEL = "mp.messaging.incoming.notifications.";
    static final String RELAY_CHANNEL = "mp.messaging.outgoing.notifications-out.";

    private static final Set<String> WORKLOADS = Set.of("Deployment", "StatefulSet", "DaemonSet", "Job", "CronJob");
    private static final Map<String, String> ROLE_PROFILE = Map.of(API, "api", NOTIFIER, "notifier");
    /** The KafkaUser whose Secret each role reads its Kafka credentials from. */
    private static final Map<String, String> ROLE_KAFKA_USER = Map.of(API, "countersign-api", NOTIFIER, "countersign-notifier");

    private final ApplicationSettings settings;
    private final List<JsonNode> resources;
    private final Optional<DeploySettings> deploySettings;
    private final List<String> violations = new ArrayList<>();

    private ManifestRules(ApplicationSettings settings, List<JsonNode> resources, Optional<DeploySettings> deploySettings) {
        this.settings = settings;
        this.resources = resources;
        this.deploySettings = deploySettings;
    }

    static List<String> violations(ApplicationSettings settings, List<JsonNode> resources) {
        return violations(settings, resources, Optional.empty());
    }

    /** With an overlay's settings.yaml, the rendered peers, hosts and Kafka location must also be the settings'. */
    static List<String> violations(ApplicationSettings settings, List<JsonNode> resources,
            Optional<DeploySettings> deploySettings) {
        ManifestRules rules = new ManifestRules(settings, resources, deploySettings);
        rules.check();
        return rules.violations;
    }

    private void check() {
        for (JsonNode workload : ofKinds(WORKLOADS)) {
            checkPod(workload);
        }
        Optional<JsonNode> api = find("Deployment", API);
        Optional<JsonNode> notifier = find("Deployment", NOTIFIER);
        if (api.isEmpty() || notifier.isEmpty()) {
            fail("the Deployments " + API + " and " + NOTIFIER + " must both be present");
            return;
        }
        for (JsonNode deployment : List.of(api.get(), notifier.get())) {
            checkRole(deployment);
        }
        checkApi(api.get(), notifier.get());
        checkNotifier(api.get(), notifier.get());
        checkKafka(api.get(), notifier.get());
        new PlatformRules(new Resources(resources), deploySettings, this::fail)
                .check(api.get(), notifier.get(), environment(podSpec(notifier.get()).path("containers").path(0)));
    }

    // --- every container of every workload -------------------------------------------------------------

    private void checkPod(JsonNode workload) {
        String where = describe(workload);
        JsonNode pod = podSpec(workload);
        JsonNode podSecurity = pod.path("securityContext");
        List<JsonNode> containers = new ArrayList<>();
        pod.path("initContainers").forEach(containers::add);
        pod.path("containers").forEach(containers::add);
        if (containers.isEmpty()) {
            fail(where + " has no containers");
        }
        boolean countersign = isCountersign(workload);
        if (countersign && !pod.path("enableServiceLinks").isBoolean() || countersign && pod.path("enableServiceLinks").asBoolean()) {
            fail(where + ": enableServiceLinks must be false (service-link variables such as COUNTERSIGN_API_PORT "
                    + "would enter the application's configuration)");
        }
        if (countersign && pod.path("automountServiceAccountToken").asBoolean(true)) {
            fail(where + ": automountServiceAccountToken must be false (the application never calls the Kubernetes API)");
        }
        for (JsonNode container : containers) {
            String c = where + " container " + container.path("name").asText();
            for (String probe : List.of("startupProbe", "livenessProbe", "readinessProbe")) {
                if (container.path(probe).isMissingNode() || container.path(probe).isEmpty()) {
                    fail(c + " has no " + probe);
                }
            }
            for (String kind : List.of("requests", "limits")) {
                for (String resource : List.of("cpu", "memory")) {
                    if (container.path("resources").path(kind).path(resource).asText("").isBlank()) {
                        fail(c + " sets no " + resource + " " + kind);
                    }
                }
            }
            JsonNode security = container.path("securityContext");
            if (!effective(security, podSecurity, "runAsNonRoot").asBoolean(false)) {
                fail(c + " may run as root: runAsNonRoot must be true");
            }
            JsonNode user = effective(security, podSecurity, "runAsUser");
            if (user.isNumber() && user.asLong() == 0) {
                fail(c + " runs as user 0");
            }
            if (!security.path("allowPrivilegeEscalation").isBoolean() || security.path("allowPrivilegeEscalation").asBoolean()) {
                fail(c + " must set allowPrivilegeEscalation: false");
            }
            if (!security.path("readOnlyRootFilesystem").asBoolean(false)) {
                fail(c + " must set readOnlyRootFilesystem: true");
            }
            if (!texts(security.path("capabilities").path("drop")).contains("ALL")) {
                fail(c + " must drop ALL capabilities");
            }
            if (!texts(security.path("capabilities").path("add")).isEmpty()) {
                fail(c + " adds capabilities");
            }
            if (security.path("privileged").asBoolean(false)) {
                fail(c + " is privileged");
            }
            String seccomp = effective(security, podSecurity, "seccompProfile").path("type").asText("");
            if (!seccomp.equals("RuntimeDefault") && !seccomp.equals("Localhost")) {
                fail(c + " needs a seccomp profile (RuntimeDefault), has '" + seccomp + "'");
            }
            if (countersign) {
                checkCountersignContainer(c, pod, container);
            }
        }
    }

    private void checkCountersignContainer(String c, JsonNode pod, JsonNode container) {
        Map<String, String> paths = Map.of("startupProbe", "/q/health/started", "livenessProbe", "/q/health/live",
                "readinessProbe", "/q/health/ready");
        Map<String, Integer> ports = new HashMap<>();
        container.path("ports").forEach(p -> ports.put(p.path("name").asText(), p.path("containerPort").asInt()));
        paths.forEach((probe, path) -> {
            JsonNode get = container.path(probe).path("httpGet");
            if (!path.equals(get.path("path").asText())) {
                fail(c + " " + probe + " must GET " + path + ", not '" + get.path("path").asText() + "'");
            }
            JsonNode port = get.path("port");
            int number = port.isInt() ? port.asInt() : ports.getOrDefault(port.asText(), -1);
            if (number != 8080) {
                fail(c + " " + probe + " must reach the HTTP port 8080, not " + port);
            }
        });
        // the read-only root filesystem needs a writable /tmp (the JVM and the Kafka client's native libraries)
        Optional<String> tmpVolume = stream(container.path("volumeMounts"))
                .filter(m -> m.path("mountPath").asText().equals("/tmp") && !m.path("readOnly").asBoolean(false))
                .map(m -> m.path("name").asText()).findFirst();
        boolean emptyDir = tmpVolume.isPresent() && stream(pod.path("volumes"))
                .anyMatch(v -> v.path("name").asText().equals(tmpVolume.get()) && v.has("emptyDir"));
        if (!emptyDir) {
            fail(c + " needs a writable emptyDir at /tmp (its root filesystem is read-only)");
        }
        for (String variable : environment(container).keySet()) {
            if (!settings.reads(variable)) {
                fail(c + " sets " + variable + ", which is no configuration key the application reads");
            }
        }
        for (JsonNode from : container.path("envFrom")) {
            if (from.has("configMapRef") && find("ConfigMap", from.path("configMapRef").path("name").asText()).isEmpty()) {
                fail(c + " reads the ConfigMap " + from.path("configMapRef").path("name").asText()
                        + ", which the manifests do not contain");
            }
        }
    }

    // --- roles -------------------------------------------------------------------------------------------

    private void checkRole(JsonNode deployment) {
        String name = deployment.path("metadata").path("name").asText();
        for (JsonNode container : podSpec(deployment).path("containers")) {
            String profile = environment(container).get("QUARKUS_PROFILE");
            if (!ROLE_PROFILE.get(name).equals(profile)) {
                fail(describe(deployment) + " must run QUARKUS_PROFILE=" + ROLE_PROFILE.get(name) + ", runs " + profile);
            }
        }
    }

    private void checkApi(JsonNode api, JsonNode notifier) {
        // the autoscaler owns the replicas (PlatformRules: the Deployment must not set them); without one, 2 at least
        int replicas = api.path("spec").path("replicas").asInt(1);
        Map<String, String> apiLabels = podLabels(api);
        Map<String, String> notifierLabels = podLabels(notifier);

        List<JsonNode> hpas = ofKinds(Set.of("HorizontalPodAutoscaler"));
        List<JsonNode> apiHpas = hpas.stream().filter(h -> h.path("spec").path("scaleTargetRef").path("kind").asText().equals("Deployment")
                && h.path("spec").path("scaleTargetRef").path("name").asText().equals(API)).toList();
        if (apiHpas.size() != 1) {
            fail("exactly one HorizontalPodAutoscaler must target the Deployment " + API + ", found " + apiHpas.size());
        }
        if (apiHpas.isEmpty() && replicas < 2) {
            fail(describe(api) + " must run at least 2 replicas, has " + replicas);
        }
        int minReplicas = replicas;
        for (JsonNode hpa : apiHpas) {
            minReplicas = hpa.path("spec").path("minReplicas").asInt(1);
            if (minReplicas < 2) {
                fail(describe(hpa) + " must keep at least 2 replicas, minReplicas " + minReplicas);
            }
            if (hpa.path("spec").path("maxReplicas").asInt() < minReplicas) {
                fail(describe(hpa) + " has maxReplicas below minReplicas");
            }
        }
        for (JsonNode hpa : hpas) {
            if (hpa.path("spec").path("scaleTargetRef").path("name").asText().equals(NOTIFIER)) {
                fail(describe(hpa) + " scales the notifier, whose replicas are bounded by the topic's partitions");
            }
        }

        List<JsonNode> pdbs = ofKinds(Set.of("PodDisruptionBudget")).stream()
                .filter(p -> selects(p.path("spec").path("selector").path("matchLabels"), apiLabels)).toList();
        if (pdbs.size() != 1) {
            fail("exactly one PodDisruptionBudget must select the api pods " + apiLabels + ", found " + pdbs.size());
        }
        for (JsonNode pdb : pdbs) {
            if (selects(pdb.path("spec").path("selector").path("matchLabels"), notifierLabels)) {
                fail(describe(pdb) + " also selects the notifier pods");
            }
            JsonNode minAvailable = pdb.path("spec").path("minAvailable");
            if (minAvailable.isInt() && minAvailable.asInt() >= minReplicas) {
                fail(describe(pdb) + " minAvailable " + minAvailable.asInt() + " would block every node drain with "
                        + minReplicas + " replicas");
            }
        }

        List<JsonNode> services = ofKinds(Set.of("Service")).stream()
                .filter(s -> selects(s.path("spec").path("selector"), apiLabels)).toList();
        if (services.stream().noneMatch(s -> s.path("metadata").path("name").asText().equals(API))) {
            fail("the Service " + API + " must select the api pods " + apiLabels);
        }
        Set<String> apiServices = new LinkedHashSet<>();
        services.forEach(s -> apiServices.add(s.path("metadata").path("name").asText()));
        boolean routed = ofKinds(Set.of("Ingress")).stream().anyMatch(i -> stream(i.path("spec").path("rules"))
                .flatMap(r -> stream(r.path("http").path("paths")))
                .anyMatch(p -> apiServices.contains(p.path("backend").path("service").path("name").asText())));
        routed |= ofKinds(Set.of("HTTPRoute")).stream().anyMatch(r -> r.path("spec").path("rules").findValues("backendRefs")
                .stream().anyMatch(refs -> stream(refs).anyMatch(ref -> apiServices.contains(ref.path("name").asText()))));
        if (!routed) {
            fail("no Ingress or HTTPRoute routes to the api Service");
        }
        List<JsonNode> policies = policiesFor(apiLabels);
        if (policies.stream().noneMatch(p -> texts(p.path("spec").path("policyTypes")).containsAll(List.of("Ingress", "Egress")))) {
            fail("no NetworkPolicy restricts ingress and egress of the api pods");
        }
        for (JsonNode policy : policies) {
            for (JsonNode rule : policy.path("spec").path("ingress")) {
                if (rule.path("from").isEmpty()
                        || stream(rule.path("from")).anyMatch(peer -> !peer.has("namespaceSelector") && !peer.has("podSelector"))) {
                    fail(describe(policy) + " lets traffic reach the api from anywhere; only the ingress controller may");
                }
            }
        }
    }

    private void checkNotifier(JsonNode api, JsonNode notifier) {
        Map<String, String> labels = podLabels(notifier);
        for (JsonNode service : ofKinds(Set.of("Service"))) {
            if (selects(service.path("spec").path("selector"), labels)) {
                fail(describe(service) + " selects the notifier pods; the notifier takes no traffic");
            }
        }
        List<JsonNode> policies = policiesFor(labels);
        if (policies.stream().noneMatch(p -> texts(p.path("spec").path("policyTypes")).contains("Ingress"))) {
            fail("no NetworkPolicy isolates the notifier pods from inbound traffic");
        }
        // who may connect (Prometheus only): PeerRules
        for (JsonNode policy : policies) {
            if (!texts(policy.path("spec").path("policyTypes")).contains("Egress")) {
                fail(describe(policy) + " leaves the notifier's egress open");
            }
        }
    }

    // --- Kafka: topics, consumer group, principals --------------------------------------------------------

    private void checkKafka(JsonNode api, JsonNode notifier) {
        Map<String, String> environment = environment(podSpec(notifier).path("containers").path(0));
        ApplicationSettings.Variable topicVariable = settings.variableOf(NOTIFICATION_CHANNEL + "topic");
        ApplicationSettings.Variable relayVariable = settings.variableOf(RELAY_CHANNEL + "topic");
        if (!topicVariable.equals(relayVariable)) {
            fail("application.properties: the relay (" + relayVariable + ") and the notifier (" + topicVariable
                    + ") must read the same topic setting");
        }
        String topic = topicVariable.effective(environment);
        String apiTopic = relayVariable.effective(environment(podSpec(api).path("containers").path(0)));
        if (!topic.equals(apiTopic)) {
            fail("the api publishes to " + apiTopic + " but the notifier consumes " + topic);
        }
        String deadLetters = settings.variableOf(NOTIFICATION_CHANNEL + "dead-letter-queue.topic").effective(environment);
        String group = settings.variableOf(NOTIFICATION_CHANNEL + "group.id").effective(environment);

        Map<String, JsonNode> topics = new LinkedHashMap<>();
        for (JsonNode kafkaTopic : ofKinds(Set.of("KafkaTopic"))) {
            String name = kafkaTopic.path("spec").path("topicName").asText(kafkaTopic.path("metadata").path("name").asText());
            topics.put(name, kafkaTopic);
        }
        JsonNode notifications = topics.get(topic);
        if (notifications == null) {
            fail("no KafkaTopic for the notification topic " + topic + " the application uses (KafkaTopics: " + topics.keySet() + ")");
        } else {
            int partitions = notifications.path("spec").path("partitions").asInt(0);
            int replicas = notifier.path("spec").path("replicas").asInt(1);
            ApplicationSettings.Variable concurrency = settings.variableOf(NOTIFICATION_CHANNEL + "concurrency");
            int perPod = Integer.parseInt(concurrency.effective(environment));
            if (partitions < 1) {
                fail(describe(notifications) + " must set its partitions");
            } else if (replicas * perPod > partitions) {
                fail(describe(notifier) + " runs " + replicas + " replicas x " + perPod + " consumers (" + concurrency.name()
                        + ") for " + partitions + " partitions of " + topic + "; the extra consumers would sit idle");
            }
            if (notifications.path("spec").path("config").path("retention.ms").isMissingNode()) {
                fail(describe(notifications) + " must set retention.ms");
            }
        }
        JsonNode dlq = topics.get(deadLetters);
        if (dlq == null) {
            fail("no KafkaTopic for the dead-letter topic " + deadLetters + " (KafkaTopics: " + topics.keySet() + ")");
        } else if (dlq.path("spec").path("config").path("retention.ms").isMissingNode()) {
            fail(describe(dlq) + " must set retention.ms");
        }

        Map<String, Set<String>> expected = Map.of(
                API, Set.of("topic " + topic + " Write"),
                NOTIFIER, Set.of("topic " + topic + " Read", "group " + group + " Read", "topic " + deadLetters + " Write"));
        Set<String> allowedResources = Set.of("topic " + topic, "topic " + deadLetters, "group " + group);
        for (JsonNode deployment : List.of(api, notifier)) {
            String role = deployment.path("metadata").path("name").asText();
            String userName = ROLE_KAFKA_USER.get(role);
            Optional<JsonNode> user = find("KafkaUser", userName);
            if (user.isEmpty()) {
                fail("no KafkaUser " + userName + " for the " + role + " role");
                continue;
            }
            JsonNode credentials = podSpec(deployment).path("containers").path(0).path("env");
            boolean usesIt = stream(credentials).anyMatch(e -> e.path("name").asText().equals("KAFKA_SASL_JAAS_CONFIG")
                    && e.path("valueFrom").path("secretKeyRef").path("name").asText().equals(userName));
            if (!usesIt) {
                fail(describe(deployment) + " must read KAFKA_SASL_JAAS_CONFIG from the Secret of KafkaUser " + userName);
            }
            Set<String> granted = new LinkedHashSet<>();
            for (JsonNode acl : user.get().path("spec").path("authorization").path("acls")) {
                JsonNode resource = acl.path("resource");
                String target = resource.path("type").asText() + " " + resource.path("name").asText();
                if (!allowedResources.contains(target) || !resource.path("patternType").asText("literal").equals("literal")) {
                    fail(describe(user.get()) + " is granted access to " + target + " ("
                            + resource.path("patternType").asText("literal") + "), which its role does not use");
                }
                List<String> operations = texts(acl.path("operations"));
                if (operations.isEmpty() && acl.has("operation")) {
                    operations = List.of(acl.path("operation").asText());
                }
                if (operations.contains("All")) {
                    fail(describe(user.get()) + " is granted All on " + target);
                }
                operations.forEach(op -> granted.add(target + " " + op));
            }
            for (String needed : expected.get(role)) {
                if (!granted.contains(needed)) {
                    fail(describe(user.get()) + " lacks " + needed + ", which the " + role + " role needs");
                }
            }
            Set<String> surplus = new LinkedHashSet<>(granted);
            surplus.removeIf(g -> expected.get(role).contains(g) || g.endsWith(" Describe"));
            if (!surplus.isEmpty()) {
                fail(describe(user.get()) + " is granted more than its role needs: " + surplus);
            }
        }
        String bootstrap = environment.getOrDefault("KAFKA_BOOTSTRAP_SERVERS", "");
        for (JsonNode strimzi : ofKinds(Set.of("KafkaTopic", "KafkaUser"))) {
            String cluster = strimzi.path("metadata").path("labels").path("strimzi.io/cluster").asText("");
            if (cluster.isEmpty()) {
                fail(describe(strimzi) + " has no strimzi.io/cluster label");
            } else if (!bootstrap.startsWith(cluster + "-kafka-bootstrap")) {
                fail(describe(strimzi) + " belongs to the Kafka cluster " + cluster + " but the application connects to "
                        + bootstrap);
            }
        }
    }

    // --- helpers -------------------------------------------------------------------------------------------

    /** The environment a container gets from its env entries and the ConfigMaps it reads (Secrets are not rendered). */
    Map<String, String> environment(JsonNode container) {
        Map<String, String> environment = new LinkedHashMap<>();
        for (JsonNode from : container.path("envFrom")) {
            String prefix = from.path("prefix").asText("");
            if (from.has("configMapRef")) {
                find("ConfigMap", from.path("configMapRef").path("name").asText())
                        .ifPresent(map -> map.path("data").fields()
                                .forEachRemaining(e -> environment.put(prefix + e.getKey(), e.getValue().asText())));
            }
        }
        for (JsonNode variable : container.path("env")) {
            environment.put(variable.path("name").asText(), variable.has("value") ? variable.path("value").asText() : null);
        }
        return environment;
    }

    private List<JsonNode> policiesFor(Map<String, String> podLabels) {
        return ofKinds(Set.of("NetworkPolicy")).stream()
                .filter(p -> selects(p.path("spec").path("podSelector").path("matchLabels"), podLabels)).toList();
    }

    /** Whether a label selector (matchLabels form) selects pods with these labels; an empty selector selects all. */
    private static boolean selects(JsonNode matchLabels, Map<String, String> labels) {
        if (matchLabels.isMissingNode() || matchLabels.isNull()) {
            return false;
        }
        var it = matchLabels.fields();
        while (it.hasNext()) {
            var e = it.next();
            if (!e.getValue().asText().equals(labels.get(e.getKey()))) {
                return false;
            }
        }
        return true;
    }

    private static Map<String, String> podLabels(JsonNode workload) {
        Map<String, String> labels = new HashMap<>();
        workload.path("spec").path("template").path("metadata").path("labels").fields()
                .forEachRemaining(e -> labels.put(e.getKey(), e.getValue().asText()));
        return labels;
    }

    private static boolean isCountersign(JsonNode workload) {
        return "countersign".equals(podLabels(workload).get("app.kubernetes.io/name"));
    }

    private static JsonNode podSpec(JsonNode workload) {
        JsonNode spec = workload.path("spec");
        if ("CronJob".equals(workload.path("kind").asText())) {
            spec = spec.path("jobTemplate").path("spec");
        }
        return spec.path("template").path("spec");
    }

    private static JsonNode effective(JsonNode container, JsonNode pod, String field) {
        return container.has(field) ? container.path(field) : pod.path(field);
    }

    private List<JsonNode> ofKinds(Set<String> kinds) {
        return resources.stream().filter(r -> kinds.contains(r.path("kind").asText())).toList();
    }

    private Optional<JsonNode> find(String kind, String name) {
        return resources.stream().filter(r -> r.path("kind").asText().equals(kind)
                && r.path("metadata").path("name").asText().equals(name)).findFirst();
    }

    private static java.util.stream.Stream<JsonNode> stream(JsonNode array) {
        List<JsonNode> items = new ArrayList<>();
        array.forEach(items::add);
        return items.stream();
    }

    private static List<String> texts(JsonNode array) {
        return stream(array).map(JsonNode::asText).toList();
    }

    private static String describe(JsonNode resource) {
        return resource.path("kind").asText() + " " + resource.path("metadata").path("name").asText();
    }

    private void fail(String violation) {
        violations.add(violation);
    }
}
