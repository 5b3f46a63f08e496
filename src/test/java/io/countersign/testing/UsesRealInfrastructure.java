package io.countersign.testing;

import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;

/**
 * Binds {@link InfraResource} to every Quarkus test in this module (global scope), so that all test
 * classes run against the same real PostgreSQL, Kafka broker and SMTP server.
 */
@WithTestResource(value = InfraResource.class, scope = TestResourceScope.GLOBAL)
public final class UsesRealInfrastructure {

    private UsesRealInfrastructure() {
    }
}
