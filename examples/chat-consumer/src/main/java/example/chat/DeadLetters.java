package example.chat;

import java.nio.charset.StandardCharsets;
import java.util.Properties;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * This consumer's own dead-letter topic (not the bundled notifier's): the record is copied unchanged — key, value
 * and every header, so the {@code ce_*} attributes stay — with {@code dead-letter-reason} (never a secret),
 * {@code dead-letter-topic}, {@code dead-letter-partition} and {@code dead-letter-offset} added. Replay by producing
 * value and headers back to the notification topic: the consumer deduplicates by id, so forget the id first.
 */
public final class DeadLetters implements AutoCloseable {

    private final KafkaProducer<String, String> producer;
    private final String topic;

    public DeadLetters(String bootstrapServers, String topic) {
        Properties props = new Properties();
        props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        props.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
        props.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
        props.put(ProducerConfig.ACKS_CONFIG, "all");
        this.producer = new KafkaProducer<>(props);
        this.topic = topic;
    }

    /** Returns once the broker has the record, so the original's offset may be committed. */
    public void park(ConsumerRecord<String, String> record, String reason) {
        ProducerRecord<String, String> copy = new ProducerRecord<>(topic, record.key(), record.value());
        for (Header header : record.headers()) {
            copy.headers().add(header.key(), header.value());
        }
        copy.headers().add("dead-letter-reason", reason.getBytes(StandardCharsets.UTF_8));
        copy.headers().add("dead-letter-topic", record.topic().getBytes(StandardCharsets.UTF_8));
        copy.headers().add("dead-letter-partition", String.valueOf(record.partition()).getBytes(StandardCharsets.UTF_8));
        copy.headers().add("dead-letter-offset", String.valueOf(record.offset()).getBytes(StandardCharsets.UTF_8));
        try {
            producer.send(copy).get(30, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while dead-lettering", e);
        } catch (ExecutionException | TimeoutException e) {
            throw new IllegalStateException("the dead-letter topic did not take the record", e);
        }
    }

    @Override
    public void close() {
        producer.close();
    }
}
