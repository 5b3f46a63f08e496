package io.countersign.testing;

import java.util.Map;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;

/** Points the application's hook at {@link HookStub#shared()} (plain HTTP, allowed for the test), with its secret. */
public class HookStubResource implements QuarkusTestResourceLifecycleManager {

    @Override
    public Map<String, String> start() {
        return Map.of("countersign.hooks.url", HookStub.shared().url(),
                "countersign.hooks.secret", HookStub.SECRET,
                "countersign.hooks.allow-http", "true");
    }

    @Override
    public void stop() {
        // the stub lives as long as the JVM
    }
}
