package io.countersign.hook;

import java.util.List;
import java.util.Map;

import io.countersign.testing.HookStubResource;
import io.quarkus.test.junit.QuarkusTestProfile;

/**
 * Confirmation and reset by the application's hook ({@link io.countersign.testing.HookStub}), with a short timeout so
 * that the slow hook fails fast; the token travels sealed (the default), which the stub opens.
 */
public class HooksProfile implements QuarkusTestProfile {

    static final String TIMEOUT = "2s";

    @Override
    public Map<String, String> getConfigOverrides() {
        return Map.of("countersign.hooks.confirmation-method", "hook",
                "countersign.hooks.reset-method", "hook",
                "countersign.hooks.timeout", TIMEOUT);
    }

    @Override
    public List<TestResourceEntry> testResources() {
        return List.of(new TestResourceEntry(HookStubResource.class));
    }
}
