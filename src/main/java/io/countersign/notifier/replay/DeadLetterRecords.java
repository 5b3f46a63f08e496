package io.countersign.notifier.replay;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.TimeUnit;

import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * Blocking access to the dead-letter topic for a replay: reads it from the beginning to its current end (no consumer
 * group, nothing committed: the lifecycle decides what is replayed), and produces a record back to the notification
 * topic as the relay wrote it (key, value, {@code ce_*} and {@code content-type} headers; the connector's
 * {@code dead-letter-*} headers dropped), waiting for the broker's ack. Call it from a worker thread.
 */
final class DeadLetterRecords implements AutoCloseable {

    private static final Duration POLL = Duration.ofMillis(500);
    private static final Duration TIMEOUT = Duration.ofSeconds(30);

    private final Map<String, Object> kafka;
    private final String topic;
    private final String deadLetterTopic;
    private KafkaProducer<String, String> producer;

    DeadLetterRecords(Map<String, Object> kafka, String topic, String deadLetterTopic) {
        this.kafka = kafka;
        this.topic = topic;
        this.deadLetterTopic = deadLetterTopic;
    }

    List<ConsumerRecord<String, String>> readAll() {
        Properties props = properties();
        props.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
        props.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
        props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        props.remove(ConsumerConfig.GROUP_ID_CONFIG);
        List<ConsumerRecord<String, String>> records = new ArrayList<>();
        try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(props)) {
            List<PartitionInfo> partitions = consumer.partitionsFor(deadLetterTopic, TIMEOUT);
            if (partitions == null || partitions.isEmpty()) {
                return records;
            }
            List<TopicPartition> assigned = partitions.stream().map(p -> new TopicPartition(p.topic(), p.partition())).toList();
            consumer.assign(assigned);
            consumer.seekToBeginning(assigned);
            Map<TopicPartition, Long> end = consumer.endOffsets(assigned, TIMEOUT);
            long deadline = System.nanoTime() + TIMEOUT.toNanos();
            while (assigned.stream().anyMatch(p -> consumer.position(p, TIMEOUT) < end.get(p))) {
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException("the dead-letter topic could not be read to its end in " + TIMEOUT);
                }
                consumer.poll(POLL).forEach(r -> {
                    if (r.offset() < end.get(new TopicPartition(r.topic(), r.partition()))) {
                        records.add(r);
                    }
                });
            }
        }
        return records;
    }

    /** Produces the record back and waits for the ack. */
    void produceBack(ConsumerRecord<String, String> deadLetter) throws Exception {
        if (producer == null) {
            Properties props = properties();
            props.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
            props.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
            props.put(ProducerConfig.ACKS_CONFIG, "all");
            props.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, "true");
            props.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, String.valueOf(TIMEOUT.toMillis()));
            producer = new KafkaProducer<>(props);
        }
        ProducerRecord<String, String> record = new ProducerRecord<>(topic, deadLetter.key(), deadLetter.value());
        for (Header header : deadLetter.headers()) {
            if (!header.key().startsWith("dead-letter-")) {
                record.headers().add(header.key(), header.value());
            }
        }
        producer.send(record).get(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
    }

    private Properties properties() {
        Properties props = new Properties();
        Map<String, Object> copy = new HashMap<>(kafka);
        copy.values().removeIf(v -> v == null || v.toString().isBlank());
        props.putAll(copy);
        return props;
    }

    @Override
    public void close() {
        if (producer != null) {
            producer.close(TIMEOUT);
        }
    }
}
