package io.countersign.architecture;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;

/**
 * The package layering of the application, read from the sources: which package may use which. A package uses
 * another when it imports it or names one of its classes in full. Lower packages never use higher ones, the
 * edges never use each other, and there is no cycle.
 */
class LayeringTest {

    private static final Path SOURCES = Path.of("src/main/java/io/countersign");
    private static final Pattern USE = Pattern.compile("\\bio\\.countersign\\.([a-z]+)\\.");

    /** Each package and the packages of ours it may use; a package missing here fails the test. */
    private static final Map<String, Set<String>> ALLOWED = Map.ofEntries(
            Map.entry("error", Set.of()),
            Map.entry("config", Set.of()),
            Map.entry("event", Set.of()),
            // the OpenTelemetry SDK, the request span and the trace context helpers shared by outbox and notifier
            Map.entry("tracing", Set.of()),
            Map.entry("audit", Set.of()),
            Map.entry("user", Set.of("config", "error")),
            Map.entry("security", Set.of("audit", "config", "error", "user")),
            Map.entry("challenge", Set.of("config", "error", "user")),
            Map.entry("outbox", Set.of("config", "event", "tracing")),
            // the application's hooks: signed HTTP calls (below flow/, which runs them outside its transactions)
            Map.entry("hook", Set.of("config", "error")),
            // the captcha providers' site-verify APIs (the client IP from audit/ClientInfo)
            Map.entry("captcha", Set.of("audit", "config", "error")),
            Map.entry("flow", Set.of("audit", "challenge", "config", "error", "event", "hook", "outbox", "security", "user")),
            Map.entry("notifier", Set.of("event", "tracing")),
            // readiness checks (database, outbox backlog)
            Map.entry("health", Set.of("config", "outbox")),
            // the HTTP edges
            Map.entry("web", Set.of("captcha", "config", "error")),
            Map.entry("api", Set.of("captcha", "config", "error", "flow", "security", "user", "web")),
            // the socket.io transport (Engine.IO, Socket.IO) knows nothing of the services it carries
            Map.entry("socketio", Set.of()),
            Map.entry("compat", Set.of("captcha", "config", "error", "flow", "security", "socketio", "user", "web")),
            // the generic self-service page drives selfservice/ProcessEngine, where the process state lives, as the other
            // pages drive flow/; selfservice never uses pages
            Map.entry("pages", Set.of("captcha", "config", "error", "flow", "security", "selfservice", "user", "web")),
            // self-service processes (/selfservice/*): an HTTP edge whose stages call flow/
            Map.entry("selfservice", Set.of("captcha", "config", "error", "flow", "security", "user", "web")),
            // admin endpoints that change accounts go through flow/, like the other edges; the message lifecycle and the
            // dead-letter replay are the notifier's (notifier/lifecycle, notifier/replay)
            Map.entry("admin", Set.of("audit", "config", "error", "event", "flow", "notifier", "security", "user", "web")),
            // delivery feedback webhooks (bounces, complaints): record them, suppress the address, audit
            Map.entry("feedback", Set.of("audit", "error", "user", "web")));

    @Test
    void everyPackageUsesOnlyThePackagesBelowIt() throws IOException {
        Map<String, Set<String>> uses = uses();
        assertThat(ALLOWED.keySet()).as("packages with a place in the layering").containsAll(uses.keySet());
        List<String> violations = new ArrayList<>();
        uses.forEach((from, targets) -> targets.stream().filter(to -> !to.equals(from) && !ALLOWED.getOrDefault(from, Set.of()).contains(to))
                .forEach(to -> violations.add(from + " -> " + to)));
        assertThat(violations).as("uses of a package not below").isEmpty();
    }

    @Test
    void theAllowedUsesHaveNoCycle() {
        for (String start : ALLOWED.keySet()) {
            assertThat(reachable(start)).as("packages reachable from " + start).doesNotContain(start);
        }
    }

    private static Set<String> reachable(String start) {
        Set<String> seen = new TreeSet<>();
        List<String> todo = new ArrayList<>(ALLOWED.get(start));
        while (!todo.isEmpty()) {
            String next = todo.remove(todo.size() - 1);
            if (seen.add(next)) {
                todo.addAll(ALLOWED.get(next));
            }
        }
        return seen;
    }

    private static Map<String, Set<String>> uses() throws IOException {
        Map<String, Set<String>> uses = new TreeMap<>();
        try (Stream<Path> files = Files.walk(SOURCES)) {
            for (Path file : files.filter(f -> f.toString().endsWith(".java")).toList()) {
                String pkg = SOURCES.relativize(file).getName(0).toString();
                Set<String> targets = uses.computeIfAbsent(pkg, p -> new TreeSet<>());
                for (String line : Files.readAllLines(file)) {
                    if (line.startsWith("package ")) {
                        continue;
                    }
                    Matcher m = USE.matcher(line);
                    while (m.find()) {
                        targets.add(m.group(1));
                    }
                }
            }
        }
        return uses;
    }
}
