package io.countersign.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;

import io.countersign.testing.GeneratedSecretsResource;
import io.countersign.testing.Infra;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusIntegrationTest;
import io.restassured.RestAssured;

/**
 * Builds and tests the example custom-transport consumer (examples/chat-consumer, its own Maven project that uses
 * no class of ours) against the packaged application and the suite's Kafka broker: its {@code EndToEndTest} drives a
 * sign-up / forgot / identity-change run over the REST API and checks that its chat-webhook consumer delivered every
 * event the application published. Runs the example's own Maven wrapper, {@code ./mvnw -B verify}, with the
 * application's URL, the broker and the events key as {@code -D} options, and insists that the end-to-end test ran
 * (was not skipped) and passed.
 */
@QuarkusIntegrationTest
@WithTestResource(GeneratedSecretsResource.class)
class ChatConsumerExampleIT {

    static final Path EXAMPLE = Path.of("examples/chat-consumer").toAbsolutePath();
    static final Pattern COUNTS = Pattern.compile("tests=\"(\\d+)\" errors=\"(\\d+)\" skipped=\"(\\d+)\" failures=\"(\\d+)\"");

    @Test
    void theExampleConsumerDeliversEveryEventOfARun() throws Exception {
        String key = GeneratedSecretsResource.generated("EVENTS_KEY_K1");
        assertNotNull(key, "the packaged application's events key");
        Path log = Path.of("target/chat-consumer-example.log").toAbsolutePath();
        ProcessBuilder build = new ProcessBuilder(List.of(EXAMPLE.resolve("mvnw").toString(), "-B", "verify",
                "-Dcountersign.url=" + RestAssured.baseURI + ":" + RestAssured.port,
                "-Dkafka.bootstrap.servers=" + Infra.kafka().bootstrapServers(),
                // on the command line of a child process only, and a key generated for this run
                "-Dcountersign.event.keys=k1:" + key))
                .directory(EXAMPLE.toFile()).redirectErrorStream(true).redirectOutput(log.toFile());
        build.environment().put("JAVA_HOME", System.getProperty("java.home"));
        Process maven = build.start();
        boolean finished = maven.waitFor(8, TimeUnit.MINUTES);
        if (!finished) {
            maven.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
        }
        String output = Files.readString(log);
        System.out.println("[chat-consumer example] " + output.lines()
                .filter(l -> l.contains("[chat-consumer]") || l.contains("Tests run:") || l.contains("BUILD")).toList());
        assertTrue(finished, "the example's build finished within 8 minutes, see " + log);
        assertEquals(0, maven.exitValue(), "the example's ./mvnw -B verify failed, see " + log);
        Matcher counts = COUNTS.matcher(Files.readString(
                EXAMPLE.resolve("target/surefire-reports/TEST-example.chat.EndToEndTest.xml")));
        assertTrue(counts.find(), "the end-to-end test's report");
        assertEquals("1 0 0 0", counts.group(1) + " " + counts.group(2) + " " + counts.group(3) + " " + counts.group(4),
                "EndToEndTest: tests, errors, skipped, failures");
    }
}
