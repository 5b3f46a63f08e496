package io.countersign.testing;

import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;

import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;

/** Writes records straight to Kafka, as a relay (or a broken producer) would. */
public final class RawKafka {

    public static final String TOPIC = "countersign.notifications";

    private RawKafka() {
    }

    /** A binary-mode CloudEvent as the relay writes it. */
    public static void sendCloudEvent(String id, String type, String userId, String data) {
        send(userId, data, Map.of("ce_specversion", "1.0", "ce_id", id, "ce_type", type, "ce_source", "/countersign",
                "ce_subject", userId, "content-type", "application/json"));
    }

    public static void send(String key, String value, Map<String, String> headers) {
        Properties props = new Properties();
        props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, Infra.kafka().bootstrapServers());
        props.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
        props.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
        try (KafkaProducer<String, String> producer = new KafkaProducer<>(props)) {
            ProducerRecord<String, String> record = new ProducerRecord<>(TOPIC, key, value);
            headers.forEach((k, v) -> record.headers().add(k, v.getBytes(StandardCharsets.UTF_8)));
            producer.send(record).get();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    public static String newId() {
        return UUID.randomUUID().toString();
    }
}
