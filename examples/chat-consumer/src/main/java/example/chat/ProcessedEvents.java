package example.chat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.HashSet;
import java.util.Set;

/**
 * The idempotency record: the ids of events already handled (delivered or dead-lettered), one a line in a file that
 * survives a restart. Kafka delivers at least once and Countersign's relay may publish an event twice, so every
 * event is looked up here by its CloudEvent id first. A real deployment would keep this in its database, in the
 * same transaction as its own state; a file is enough for one process. (It grows by 37 bytes an event: trim it
 * to the ids of the last days in a real deployment.)
 */
public final class ProcessedEvents {

    private final Path file;
    private final Set<String> ids = new HashSet<>();

    public ProcessedEvents(Path file) {
        this.file = file;
        try {
            if (Files.exists(file)) {
                ids.addAll(Files.readAllLines(file, StandardCharsets.UTF_8));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public synchronized boolean seen(String eventId) {
        return ids.contains(eventId);
    }

    /** Records the id durably (written before the Kafka offset is committed). */
    public synchronized void record(String eventId) {
        if (ids.add(eventId)) {
            try {
                Files.writeString(file, eventId + "\n", StandardCharsets.UTF_8, StandardOpenOption.CREATE,
                        StandardOpenOption.APPEND, StandardOpenOption.SYNC);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }
}
