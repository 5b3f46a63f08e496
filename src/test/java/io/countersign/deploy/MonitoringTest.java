package io.countersign.deploy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.awaitility.Awaitility;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;

import io.countersign.testing.OffContract;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;

/**
 * Issue 16 item 8: the optional monitoring kustomization (k8s/monitoring: dashboard, alerts, scraping) renders, has
 * the alerts the issue asks for, and names only metrics this application really exposes: every metric in every
 * PromQL expression of the dashboard and the alerts is looked up in a scrape of /q/metrics.
 */
@QuarkusTest
class MonitoringTest {

    private static final Path DIRECTORY = Path.of("k8s/monitoring");
    /** Words of PromQL (functions, aggregations, keywords) and Grafana that are not metric names. */
    private static final Set<String> PROMQL = Set.of("sum", "max", "min", "avg", "count", "rate", "irate", "increase",
            "clamp_min", "clamp_max", "by", "without", "and", "or", "unless", "on", "ignoring", "histogram_quantile",
            "max_over_time", "avg_over_time", "abs", "bool", "offset");
    /** An identifier not glued to a number (1e-9) and not called like a function. */
    private static final Pattern IDENTIFIER = Pattern.compile("(?<![\\w.])[a-zA-Z_:][a-zA-Z0-9_:]*+(?!\\s*\\()");

    @Test
    @OffContract("one request without an access token, only so that the HTTP server metrics exist")
    void alertsAndDashboardUseOnlyMetricsTheApplicationExposes() throws IOException {
        List<String> expressions = new ArrayList<>();
        JsonNode rules = new YAMLMapper().readTree(DIRECTORY.resolve("prometheus-rules.yaml").toFile());
        Set<String> alerts = new TreeSet<>();
        rules.path("spec").path("groups").forEach(g -> g.path("rules").forEach(r -> {
            alerts.add(r.path("alert").asText());
            expressions.add(r.path("expr").asText());
        }));
        assertThat(alerts).contains("CountersignOutboxBacklogOld", "CountersignDeadLetters", "CountersignBounceRateHigh",
                "CountersignNotifierCircuitOpen");
        JsonNode dashboard = new ObjectMapper().readTree(DIRECTORY.resolve("countersign-dashboard.json").toFile());
        dashboard.path("panels").forEach(p -> p.path("targets").forEach(t -> expressions.add(t.path("expr").asText())));
        assertThat(expressions).hasSizeGreaterThan(15).doesNotContain("");

        Set<String> used = new TreeSet<>();
        expressions.forEach(e -> used.addAll(metricNames(e)));
        assertThat(used).contains("countersign_messages_total", "countersign_notifier_circuit_open",
                "countersign_outbox_oldest_age_seconds", "http_server_requests_seconds_count");

        RestAssured.get("/admin/messages/00000000-0000-0000-0000-000000000000"); // one API request, so that HTTP metrics exist
        Awaitility.await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(scrapedNames()).containsAll(used));
    }

    @Test
    void metricNamesAreReadFromPromQl() {
        assertThat(metricNames("sum(increase(countersign_messages_total{state=\"bounced\"}[1h])) / clamp_min(sum by (type) "
                + "(rate(http_server_requests_seconds_count{uri!~\"/q/.*\"}[$__rate_interval])), 1e-9) > 0.05 and up == 1"))
                .containsExactly("countersign_messages_total", "http_server_requests_seconds_count", "up");
    }

    @Test
    void rendersWithKubectlIntoTheMonitoringResources() throws IOException {
        var kubectl = Kustomize.kubectl();
        Assumptions.assumeTrue(kubectl.isPresent(), "kubectl is not installed");
        List<JsonNode> resources = Kustomize.render(kubectl.get(), DIRECTORY);
        Set<String> kinds = new TreeSet<>();
        resources.forEach(r -> kinds.add(r.path("kind").asText() + "/" + r.path("metadata").path("name").asText()));
        assertEquals(Set.of("ConfigMap/countersign-dashboard", "NetworkPolicy/countersign-metrics-scrape",
                "PodMonitor/countersign", "PrometheusRule/countersign"), kinds);
        JsonNode configMap = resources.stream().filter(r -> r.path("kind").asText().equals("ConfigMap")).findFirst().orElseThrow();
        assertEquals("1", configMap.path("metadata").path("labels").path("grafana_dashboard").asText());
        assertEquals(Files.readString(DIRECTORY.resolve("countersign-dashboard.json")),
                configMap.path("data").path("countersign-dashboard.json").asText());
    }

    /**
     * The metric names in a PromQL expression: identifiers that are not PromQL words, not function calls, and not in
     * label matchers, strings, ranges, groupings or Grafana variables.
     */
    static Set<String> metricNames(String expression) {
        String bare = expression.replaceAll("\"[^\"]*\"", " ")
                .replaceAll("\\{[^}]*}", " ")
                .replaceAll("\\[[^\\]]*\\]", " ")
                .replaceAll("\\b(by|without|on|ignoring)\\s*\\([^)]*\\)", " ")
                .replaceAll("\\$\\w+", " ");
        Set<String> names = new TreeSet<>();
        Matcher m = IDENTIFIER.matcher(bare);
        while (m.find()) {
            if (!PROMQL.contains(m.group())) {
                names.add(m.group());
            }
        }
        return names;
    }

    private static Set<String> scrapedNames() {
        Set<String> names = new TreeSet<>();
        RestAssured.get("/q/metrics").asString().lines().filter(l -> !l.isBlank() && !l.startsWith("#"))
                .forEach(l -> names.add(l.split("[{ ]", 2)[0]));
        return names;
    }
}
