package io.countersign.testing;

import kafka.server.BrokerServer;

/**
 * Stops the shared Kafka broker (the controller stays up) until {@link #close()} starts it again and waits for it.
 * {@code try (KafkaOutage outage = KafkaOutage.begin()) { ... }}
 */
public final class KafkaOutage implements AutoCloseable {

    private final BrokerServer broker;

    private KafkaOutage(BrokerServer broker) {
        this.broker = broker;
    }

    public static KafkaOutage begin() {
        BrokerServer broker = Infra.kafka().brokers().values().iterator().next();
        broker.shutdown();
        broker.awaitShutdown();
        return new KafkaOutage(broker);
    }

    @Override
    public void close() throws Exception {
        broker.startup();
        Infra.kafka().waitForReadyBrokers();
    }
}
