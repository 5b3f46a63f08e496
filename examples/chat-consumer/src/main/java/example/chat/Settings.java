package example.chat;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Function;

/**
 * What the consumer needs to know, read from environment variables (or, in tests, a map).
 *
 * @param bootstrapServers Kafka, {@code KAFKA_BOOTSTRAP_SERVERS}
 * @param topic            Countersign's notification topic, {@code NOTIFICATIONS_TOPIC}
 * @param groupId          this consumer's own group, {@code CHAT_GROUP_ID}; never the bundled notifier's
 * @param deadLetterTopic  where this consumer parks what it cannot deliver, {@code CHAT_DLQ_TOPIC}
 * @param webhookUrl       the chat webhook, {@code CHAT_WEBHOOK_URL}
 * @param keys             the event keys, {@code COUNTERSIGN_EVENT_KEYS} = {@code k1:<base64>,k2:<base64>}
 * @param linkBaseUrl      where Countersign's hosted pages are, {@code COUNTERSIGN_PUBLIC_BASE_URL}
 * @param processedFile    the idempotency record (one event id a line), {@code CHAT_PROCESSED_FILE}
 * @param maxRetries       retries of a failing webhook call before the event is dead-lettered
 * @param initialBackoff   first pause between retries; doubles up to 30 s
 */
public record Settings(String bootstrapServers, String topic, String groupId, String deadLetterTopic,
        String webhookUrl, Map<String, String> keys, String linkBaseUrl, String processedFile, int maxRetries,
        Duration initialBackoff) {

    public static Settings fromEnvironment() {
        return from(System::getenv);
    }

    public static Settings from(Function<String, String> source) {
        Function<String, String> get = name -> {
            String value = source.apply(name);
            return value == null || value.isBlank() ? null : value.trim();
        };
        String topic = or(get.apply("NOTIFICATIONS_TOPIC"), "countersign.notifications");
        return new Settings(
                or(get.apply("KAFKA_BOOTSTRAP_SERVERS"), "localhost:9092"),
                topic,
                or(get.apply("CHAT_GROUP_ID"), "chat-consumer"),
                or(get.apply("CHAT_DLQ_TOPIC"), topic + ".chat.dlq"),
                required(get.apply("CHAT_WEBHOOK_URL"), "CHAT_WEBHOOK_URL"),
                keys(required(get.apply("COUNTERSIGN_EVENT_KEYS"), "COUNTERSIGN_EVENT_KEYS")),
                or(get.apply("COUNTERSIGN_PUBLIC_BASE_URL"), "http://localhost:8080"),
                or(get.apply("CHAT_PROCESSED_FILE"), "chat-consumer.processed"),
                Integer.parseInt(or(get.apply("CHAT_MAX_RETRIES"), "5")),
                Duration.parse(or(get.apply("CHAT_INITIAL_BACKOFF"), "PT1S")));
    }

    /** {@code k1:<base64>,k2:<base64>} → key id → base64. */
    static Map<String, String> keys(String list) {
        Map<String, String> keys = new LinkedHashMap<>();
        for (String entry : list.split(",")) {
            int colon = entry.indexOf(':');
            if (colon < 1) {
                throw new IllegalArgumentException("COUNTERSIGN_EVENT_KEYS: expected keyId:base64, got an entry without ':'");
            }
            keys.put(entry.substring(0, colon).trim(), entry.substring(colon + 1).trim());
        }
        return keys;
    }

    private static String or(String value, String fallback) {
        return value == null ? fallback : value;
    }

    private static String required(String value, String name) {
        if (value == null) {
            throw new IllegalArgumentException(name + " is required");
        }
        return value;
    }
}
