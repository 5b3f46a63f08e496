package example.chat;

import java.lang.System.Logger.Level;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRebalanceListener;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.StringDeserializer;

import com.fasterxml.jackson.databind.JsonNode;

import example.chat.SecretOpener.Secret;

/**
 * Consumes {@code countersign.notifications} with its own group and delivers every notification to a chat webhook:
 * decode → dedupe by CloudEvent id → open the sealed secret → render → post (with retries) → record the id → commit
 * the offset. What cannot be delivered goes to this consumer's dead-letter topic, so no record blocks its partition.
 */
public final class ChatConsumer implements Runnable, AutoCloseable {

    private static final System.Logger LOG = System.getLogger(ChatConsumer.class.getName());
    private static final Duration MAX_BACKOFF = Duration.ofSeconds(30);

    private final Settings settings;
    private final KafkaConsumer<String, String> consumer;
    private final SecretOpener secrets;
    private final ChatText texts;
    private final ChatWebhook webhook;
    private final ProcessedEvents processed;
    private final DeadLetters deadLetters;
    private final CountDownLatch assigned = new CountDownLatch(1);
    private volatile boolean running = true;

    public ChatConsumer(Settings settings, String autoOffsetReset) {
        this.settings = settings;
        Properties props = new Properties();
        props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, settings.bootstrapServers());
        props.put(ConsumerConfig.GROUP_ID_CONFIG, settings.groupId());
        props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        props.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, autoOffsetReset);
        props.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
        props.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
        this.consumer = new KafkaConsumer<>(props);
        this.secrets = new SecretOpener(settings.keys());
        this.texts = new ChatText(settings.linkBaseUrl());
        this.webhook = new ChatWebhook(settings.webhookUrl());
        this.processed = new ProcessedEvents(Path.of(settings.processedFile()));
        this.deadLetters = new DeadLetters(settings.bootstrapServers(), settings.deadLetterTopic());
    }

    @Override
    public void run() {
        consumer.subscribe(List.of(settings.topic()), new ConsumerRebalanceListener() {
            @Override
            public void onPartitionsAssigned(Collection<TopicPartition> partitions) {
                partitions.forEach(consumer::position); // resolve the start positions now
                if (!partitions.isEmpty()) {
                    assigned.countDown();
                }
            }

            @Override
            public void onPartitionsRevoked(Collection<TopicPartition> partitions) {
                // offsets are committed after every batch; nothing is pending here
            }
        });
        try {
            while (running) {
                ConsumerRecords<String, String> records = consumer.poll(Duration.ofMillis(200));
                Map<TopicPartition, OffsetAndMetadata> done = new HashMap<>();
                for (TopicPartition partition : records.partitions()) {
                    for (ConsumerRecord<String, String> record : records.records(partition)) {
                        try {
                            handle(record);
                            done.put(partition, new OffsetAndMetadata(record.offset() + 1));
                        } catch (RuntimeException e) {
                            // not even dead-lettered (the broker is away): read this record again
                            LOG.log(Level.WARNING, "record {0}-{1} not handled, will be read again: {2}", partition,
                                    record.offset(), e.getMessage());
                            consumer.seek(partition, record.offset());
                            break;
                        }
                    }
                }
                if (!done.isEmpty()) {
                    consumer.commitSync(done);
                }
            }
        } catch (WakeupException e) {
            // stopping
        } finally {
            consumer.close();
            deadLetters.close();
        }
    }

    /** Whether partitions were assigned within the time (tests publish only after that). */
    public boolean awaitAssignment(Duration timeout) throws InterruptedException {
        return assigned.await(timeout.toMillis(), TimeUnit.MILLISECONDS);
    }

    @Override
    public void close() {
        running = false;
        consumer.wakeup();
    }

    /** @return the outcome, e.g. {@code delivered} */
    String handle(ConsumerRecord<String, String> record) {
        Event event;
        try {
            event = Event.of(record);
        } catch (Event.Undeliverable e) {
            deadLetters.park(record, e.getMessage());
            return log(Event.header(record, "ce_id"), "?", "dead-lettered: " + e.getMessage());
        }
        if (processed.seen(event.id())) {
            return log(event.id(), event.type(), "duplicate, skipped");
        }
        String outcome;
        try {
            outcome = deliver(event);
        } catch (Event.Undeliverable | SecretOpener.UnopenableSecret e) {
            deadLetters.park(record, e.getMessage());
            outcome = "dead-lettered: " + e.getMessage();
        } catch (ChatWebhook.Retryable e) {
            deadLetters.park(record, "retries exhausted: " + e.getMessage());
            outcome = "dead-lettered: retries exhausted: " + e.getMessage();
        }
        processed.record(event.id());
        return log(event.id(), event.type(), outcome);
    }

    private String deliver(Event event) {
        if (event.expired(Instant.now())) {
            return "expired, not sent";
        }
        Secret secret = event.hasSecret() ? secrets.open(event.data().get("secret"), event.userId()) : null;
        String to = address(event.recipient());
        String text = texts.render(event, secret);
        Duration backoff = settings.initialBackoff();
        for (int attempt = 0; ; attempt++) {
            try {
                webhook.post(event, to, text);
                return "delivered";
            } catch (ChatWebhook.Retryable e) {
                if (attempt >= settings.maxRetries()) {
                    throw e;
                }
                LOG.log(Level.WARNING, "event {0}: {1}; retry {2} of {3} in {4} ms", event.id(), e.getMessage(),
                        attempt + 1, settings.maxRetries(), backoff.toMillis());
                sleep(backoff);
                backoff = backoff.multipliedBy(2).compareTo(MAX_BACKOFF) > 0 ? MAX_BACKOFF : backoff.multipliedBy(2);
            }
        }
    }

    /** The chat handle: here the recipient's e-mail, else the phone (docs: either may be null). */
    private static String address(JsonNode recipient) {
        for (String field : List.of("email", "phone")) {
            if (recipient.path(field).isTextual()) {
                return recipient.get(field).asText();
            }
        }
        throw new Event.Undeliverable("the recipient has no address");
    }

    private static void sleep(Duration pause) {
        try {
            Thread.sleep(pause.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ChatWebhook.Retryable("interrupted");
        }
    }

    private static String log(String id, String type, String outcome) {
        LOG.log(Level.INFO, "event {0} ({1}): {2}", id, type, outcome);
        return outcome;
    }
}
