package io.countersign.testing;

import java.util.Map;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;

/**
 * Points the application under test at the real PostgreSQL, Kafka broker and SMTP server of {@link Infra}.
 * The services outlive a single Quarkus start (they are JVM singletons), so test classes with different
 * profiles share them.
 */
public class InfraResource implements QuarkusTestResourceLifecycleManager {

    @Override
    public Map<String, String> start() {
        return Infra.quarkusConfig();
    }

    @Override
    public void stop() {
        // the services stop with the JVM
    }
}
