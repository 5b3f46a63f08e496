package io.countersign.notifier;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;

/**
 * The notifier can run as its own deployment: it imports only the event contract, the tracing helpers (which import
 * nothing of ours) and its own code.
 */
class NotifierBoundaryTest {

    @Test
    void notifierImportsOnlyTheEventContract() throws IOException {
        try (Stream<Path> files = Files.walk(Path.of("src/main/java/io/countersign/notifier"))) {
            List<String> offending = files.filter(f -> f.toString().endsWith(".java"))
                    .flatMap(f -> {
                        try {
                            return Files.readAllLines(f).stream()
                                    .filter(l -> l.startsWith("import io.countersign.") || l.startsWith("import static io.countersign."))
                                    .filter(l -> !l.contains("io.countersign.event.") && !l.contains("io.countersign.tracing.")
                                            && !l.contains("io.countersign.notifier."))
                                    .map(l -> f.getFileName() + ": " + l);
                        } catch (IOException e) {
                            throw new IllegalStateException(e);
                        }
                    }).toList();
            assertEquals(List.of(), offending);
        }
    }
}
