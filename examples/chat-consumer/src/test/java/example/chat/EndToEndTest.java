package example.chat;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import java.util.function.Supplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Against a running Countersign and its Kafka broker (-Dcountersign.url, -Dkafka.bootstrap.servers,
 * -Dcountersign.event.keys=k1:&lt;base64&gt;; skipped without them): drives a sign-up, forgot-password, password change,
 * identity change (confirm and revert) and account deletion run over the REST API, taking every token and code from
 * the chat messages this consumer delivers, and checks that every event the application published for the run
 * reached the chat webhook exactly once; that a repeated event is skipped; and that an unknown type, an altered
 * secret and a webhook that stays down end on this consumer's dead-letter topic.
 */
class EndToEndTest {

    private static final Pattern TOKEN = Pattern.compile("\\?token=(\\S+)");
    private static final Duration WAIT = Duration.ofSeconds(90);

    private final String run = UUID.randomUUID().toString().substring(0, 8);
    private final String bootstrap = System.getProperty("kafka.bootstrap.servers", "");
    private final String topic = System.getProperty("countersign.topic", "countersign.notifications");
    private final String deadLetterTopic = topic + ".chat.dlq." + run;
    private ChatStub chat;
    private ChatConsumer consumer;
    private Thread worker;
    private Tap tap;
    private CountersignApp app;

    @BeforeEach
    void start() throws Exception {
        String url = System.getProperty("countersign.url", "");
        String keys = System.getProperty("countersign.event.keys", "");
        assumeTrue(!url.isBlank() && !bootstrap.isBlank() && !keys.isBlank(),
                "needs a running Countersign: -Dcountersign.url -Dkafka.bootstrap.servers -Dcountersign.event.keys");
        app = new CountersignApp(url);
        chat = new ChatStub();
        chat.flakyTypes.add("passwordChange");
        Path processed = Files.createTempFile("chat-consumer-", ".processed");
        Map<String, String> env = new HashMap<>();
        env.put("KAFKA_BOOTSTRAP_SERVERS", bootstrap);
        env.put("NOTIFICATIONS_TOPIC", topic);
        env.put("CHAT_GROUP_ID", "chat-consumer-test-" + run);
        env.put("CHAT_DLQ_TOPIC", deadLetterTopic);
        env.put("CHAT_WEBHOOK_URL", chat.url());
        env.put("COUNTERSIGN_EVENT_KEYS", keys);
        env.put("COUNTERSIGN_PUBLIC_BASE_URL", url);
        env.put("CHAT_PROCESSED_FILE", processed.toString());
        env.put("CHAT_MAX_RETRIES", "2");
        env.put("CHAT_INITIAL_BACKOFF", "PT0.1S");
        tap = new Tap(bootstrap, topic);
        // only what is published from now on: the topic may hold other runs' events, sealed with other keys
        consumer = new ChatConsumer(Settings.from(env::get), "latest");
        worker = new Thread(consumer, "chat-consumer");
        worker.start();
        assertTrue(consumer.awaitAssignment(Duration.ofSeconds(60)), "the consumer got its partitions");
    }

    @AfterEach
    void stop() throws Exception {
        if (consumer != null) {
            consumer.close();
            worker.join(30_000);
            tap.close();
            chat.close();
        }
    }

    @Test
    void deliversEveryEventOfASignUpForgotAndIdentityChangeRunOnceAndDeadLettersWhatItCannot() throws Exception {
        String email = "ada-" + run + "@example.com";
        String newEmail = "ada-new-" + run + "@example.com";

        // sign-up, the same address again (accountExists), verification with the link token
        app.call("POST", "/users", null, Map.of("email", email, "password", "violet tractor umbrella 47", "displayName", "Ada"), 202);
        String verify = token(message(email, "resendVerifySignup"));
        app.call("POST", "/users", null, Map.of("email", email, "password", "another password 8812"), 202);
        message(email, "accountExists");
        app.call("POST", "/verification/confirm", null, Map.of("token", verify, "password", "violet tractor umbrella 47"), 200);
        message(email, "verifySignupSetPassword");

        // forgot password, reset with the code from the chat message
        app.call("POST", "/password/forgot", null, Map.of("email", email), 202);
        ChatStub.Message reset = message(email, "sendResetPwd");
        app.call("POST", "/password/reset", null, Map.of("code", code(reset), "email", email, "password", "silver harbour kite 28"), 200);
        message(email, "resetPwd");

        // password change (the webhook fails the first try of this one: delivered on the retry)
        String access = app.login(email, "silver harbour kite 28");
        app.call("POST", "/password/change", access, Map.of("currentPassword", "silver harbour kite 28", "newPassword", "amber orchard violin 65"), 200);
        ChatStub.Message changed = message(email, "passwordChange");
        assertEquals(2, chat.attempts.get(changed.eventId()).get(), "delivered on the second attempt");

        // identity change: confirmation to the new address, revert link to the old one, revert, reset again
        app.call("POST", "/identity/change", access, Map.of("password", "amber orchard violin 65", "email", newEmail), 202);
        app.call("POST", "/identity/confirm", null, Map.of("token", token(message(newEmail, "identityChange"))), 200);
        app.call("POST", "/identity/revert", null, Map.of("token", token(message(email, "identityChangeRevert"))), 200);
        String afterRevert = token(message(email, "identityChangeReverted"));
        app.call("POST", "/password/reset", null, Map.of("token", afterRevert, "password", "copper meadow lantern 19"), 200);
        await(() -> count(email, "resetPwd") == 2, "the second resetPwd");

        // deletion
        access = app.login(email, "copper meadow lantern 19");
        app.call("DELETE", "/users/me", access, Map.of("password", "copper meadow lantern 19"), 204);
        message(email, "accountDeleted");

        // a second account verified by its link without repeating the password: verifySignup (not ...SetPassword)
        String invited = "bob-" + run + "@example.com";
        app.call("POST", "/users", null, Map.of("email", invited, "password", "quiet river stone 5531"), 202);
        app.call("POST", "/verification/confirm", null, Map.of("token", token(message(invited, "resendVerifySignup"))), 200);
        message(invited, "verifySignup");

        // a chat webhook that stays down for this recipient: retried, then dead-lettered
        String unreachable = ChatStub.UNREACHABLE + "-" + run + "@example.com";
        app.call("POST", "/users", null, Map.of("email", unreachable, "password", "pale cedar rocket 9042"), 202);

        // every event the application published for these accounts, read straight from the topic
        Set<String> deliveredIds = chat.delivered.stream().map(ChatStub.Message::eventId).collect(Collectors.toSet());
        List<ConsumerRecord<String, String>> published = tap.readUntil(records -> records.stream()
                .map(r -> header(r, "ce_id")).collect(Collectors.toSet()).containsAll(deliveredIds)
                && records.stream().anyMatch(r -> r.value().contains(unreachable)), WAIT);
        List<ConsumerRecord<String, String>> ours = published.stream()
                .filter(r -> r.value().contains(run)).toList();
        Set<String> reachableIds = ours.stream().filter(r -> !r.value().contains(unreachable))
                .map(r -> header(r, "ce_id")).collect(Collectors.toCollection(TreeSet::new));
        await(() -> chat.delivered.stream().map(ChatStub.Message::eventId).collect(Collectors.toSet()).containsAll(reachableIds),
                "every published event delivered");
        assertEquals(Set.copyOf(Event.KNOWN), ours.stream().map(r -> header(r, "ce_type").split("\\.")[2]).collect(Collectors.toSet()),
                "the run published every type of the contract");
        assertEquals(Event.KNOWN, chat.delivered.stream().filter(m -> reachableIds.contains(m.eventId()))
                .map(ChatStub.Message::type).collect(Collectors.toSet()), "every type delivered");

        // the same event again (at-least-once delivery): skipped by its id
        ConsumerRecord<String, String> first = ours.stream().filter(r -> header(r, "ce_type").contains("resendVerifySignup")
                && r.value().contains(email)).findFirst().orElseThrow();
        tap.produce(topic, first.key(), first.value(), headers(first));
        // an unknown type, and an altered secret (a new id, so that it is not skipped as a duplicate)
        Map<String, String> future = headers(first);
        future.put("ce_id", UUID.randomUUID().toString());
        future.put("ce_type", "countersign.notification.someFutureThing.v1");
        tap.produce(topic, first.key(), first.value().replace("resendVerifySignup", "someFutureThing"), future);
        Map<String, String> altered = headers(first);
        altered.put("ce_id", UUID.randomUUID().toString());
        tap.produce(topic, first.key(), alterCiphertext(first.value()), altered);

        List<ConsumerRecord<String, String>> dead = Tap.readAll(bootstrap, deadLetterTopic, 3, WAIT);
        Map<String, String> reasons = new HashMap<>();
        dead.forEach(r -> reasons.put(header(r, "ce_id"), header(r, "dead-letter-reason")));
        String unreachableId = ours.stream().filter(r -> r.value().contains(unreachable)).map(r -> header(r, "ce_id")).findFirst().orElseThrow();
        assertEquals("retries exhausted: the chat webhook answered 503", reasons.get(unreachableId));
        assertEquals(3, chat.attempts.get(unreachableId).get(), "one try and two retries");
        assertEquals("unsupported CloudEvent type", reasons.get(future.get("ce_id")));
        assertEquals("the secret cannot be opened (wrong key, other user or altered)", reasons.get(altered.get("ce_id")));
        for (ConsumerRecord<String, String> record : dead) {
            assertEquals(topic, header(record, "dead-letter-topic"));
            assertTrue(record.headers().lastHeader("ce_specversion") != null, "the ce_* headers are kept");
        }
        // by now the duplicate was read too (it was produced before the two dead-lettered ones, same partition)
        assertEquals(1, chat.attempts.get(header(first, "ce_id")).get(), "the repeated event was not posted again");

        // exactly once each, and nothing the webhook stub found wrong
        Map<String, Long> perEvent = chat.delivered.stream().collect(Collectors.groupingBy(ChatStub.Message::eventId, Collectors.counting()));
        perEvent.forEach((id, times) -> assertEquals(1L, times, "event " + id + " delivered once"));
        assertEquals(List.of(), chat.problems, "requests the chat stub refused");
        System.out.printf("[chat-consumer] %d events published by the run, %d delivered to the chat webhook, %d dead-lettered%n",
                ours.size(), reachableIds.size(), dead.size());
    }

    private ChatStub.Message message(String to, String type) throws InterruptedException {
        await(() -> count(to, type) > 0, type + " to " + to);
        List<ChatStub.Message> matching = chat.delivered.stream().filter(m -> m.to().equals(to) && m.type().equals(type)).toList();
        return matching.get(matching.size() - 1);
    }

    private long count(String to, String type) {
        return chat.delivered.stream().filter(m -> m.to().equals(to) && m.type().equals(type)).count();
    }

    private static String token(ChatStub.Message message) {
        Matcher token = TOKEN.matcher(message.text());
        assertTrue(token.find(), "a link in the " + message.type() + " message");
        return URLDecoder.decode(token.group(1), StandardCharsets.UTF_8);
    }

    private static String code(ChatStub.Message message) {
        Matcher code = Pattern.compile("\\(code (\\d{6})\\)").matcher(message.text());
        assertTrue(code.find(), "a code in the " + message.type() + " message");
        return code.group(1);
    }

    private static String alterCiphertext(String value) {
        Matcher ciphertext = Pattern.compile("\"ciphertext\"\\s*:\\s*\"(.)").matcher(value);
        assertTrue(ciphertext.find());
        char replacement = ciphertext.group(1).equals("A") ? 'B' : 'A';
        return value.substring(0, ciphertext.start(1)) + replacement + value.substring(ciphertext.end(1));
    }

    private static void await(Supplier<Boolean> condition, String what) throws InterruptedException {
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (!condition.get()) {
            assertTrue(System.nanoTime() < deadline, "waited " + WAIT.toSeconds() + " s for " + what);
            Thread.sleep(50);
        }
    }

    static String header(ConsumerRecord<?, ?> record, String name) {
        Header header = record.headers().lastHeader(name);
        return header == null ? "" : new String(header.value(), StandardCharsets.UTF_8);
    }

    private static Map<String, String> headers(ConsumerRecord<?, ?> record) {
        Map<String, String> headers = new HashMap<>();
        record.headers().forEach(h -> headers.put(h.key(), new String(h.value(), StandardCharsets.UTF_8)));
        return headers;
    }

    /** Reads the topic from the positions it had when created (a reader outside any group), and produces. */
    static final class Tap implements AutoCloseable {

        private final KafkaConsumer<String, String> reader;
        private final KafkaProducer<String, String> producer;
        private final List<ConsumerRecord<String, String>> seen = new ArrayList<>();

        Tap(String bootstrap, String topic) {
            reader = new KafkaConsumer<>(consumerProps(bootstrap));
            List<TopicPartition> partitions = reader.partitionsFor(topic, Duration.ofSeconds(30)).stream()
                    .map(p -> new TopicPartition(topic, p.partition())).toList();
            reader.assign(partitions);
            reader.seekToEnd(partitions);
            partitions.forEach(reader::position);
            Properties props = new Properties();
            props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
            props.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
            props.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
            producer = new KafkaProducer<>(props);
        }

        List<ConsumerRecord<String, String>> readUntil(java.util.function.Predicate<List<ConsumerRecord<String, String>>> done,
                Duration timeout) {
            long deadline = System.nanoTime() + timeout.toNanos();
            while (!done.test(seen)) {
                assertTrue(System.nanoTime() < deadline, "the events of the run on the topic; read " + seen.size());
                reader.poll(Duration.ofMillis(200)).forEach(seen::add);
            }
            return List.copyOf(seen);
        }

        void produce(String topic, String key, String value, Map<String, String> headers) throws Exception {
            ProducerRecord<String, String> record = new ProducerRecord<>(topic, key, value);
            headers.forEach((k, v) -> record.headers().add(k, v.getBytes(StandardCharsets.UTF_8)));
            producer.send(record).get();
        }

        static List<ConsumerRecord<String, String>> readAll(String bootstrap, String topic, int count, Duration timeout) {
            try (KafkaConsumer<String, String> dlq = new KafkaConsumer<>(consumerProps(bootstrap))) {
                dlq.subscribe(List.of(topic));
                List<ConsumerRecord<String, String>> records = new ArrayList<>();
                long deadline = System.nanoTime() + timeout.toNanos();
                while (records.size() < count) {
                    assertTrue(System.nanoTime() < deadline, "dead letters on " + topic + ": " + records.size() + " of " + count);
                    dlq.poll(Duration.ofMillis(200)).forEach(records::add);
                }
                return records;
            }
        }

        private static Properties consumerProps(String bootstrap) {
            Properties props = new Properties();
            props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
            props.put(ConsumerConfig.GROUP_ID_CONFIG, "chat-consumer-test-reader-" + UUID.randomUUID());
            props.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
            props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
            props.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
            props.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
            return props;
        }

        @Override
        public void close() {
            reader.close();
            producer.close();
        }
    }
}
