package io.countersign.testing;

import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;

/** Binds {@link SmsStubResource} to every Quarkus test (global scope, so no extra restarts). */
@WithTestResource(value = SmsStubResource.class, scope = TestResourceScope.GLOBAL)
public final class UsesSmsStub {

    private UsesSmsStub() {
    }
}
