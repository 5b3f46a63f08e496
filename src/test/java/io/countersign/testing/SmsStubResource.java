package io.countersign.testing;

import java.util.Map;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;

/** Points the notifier's HTTP SMS gateway (JSON webhook with a bearer token) at {@link SmsStub#shared()}. */
public class SmsStubResource implements QuarkusTestResourceLifecycleManager {

    public static final String TOKEN = "stub-token";

    @Override
    public Map<String, String> start() {
        return Map.of(
                "countersign.notifier.sms.gateway", "http",
                "countersign.notifier.sms.http.format", "json",
                "countersign.notifier.sms.http.url", SmsStub.shared().url("/sms"),
                "countersign.notifier.sms.http.from", "Countersign",
                "countersign.notifier.sms.http.bearer-token", TOKEN);
    }

    @Override
    public void stop() {
        // the stub lives as long as the JVM
    }
}
