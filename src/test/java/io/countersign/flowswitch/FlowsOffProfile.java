package io.countersign.flowswitch;

import java.util.HashMap;
import java.util.Map;

import io.countersign.config.Flow;
import io.quarkus.test.junit.QuarkusTestProfile;

/** Every switchable flow off ({@code countersign.flows.<flow>.enabled=false}). */
public class FlowsOffProfile implements QuarkusTestProfile {

    @Override
    public Map<String, String> getConfigOverrides() {
        Map<String, String> off = new HashMap<>();
        for (Flow flow : Flow.values()) {
            off.put("countersign.flows." + flow.configName() + ".enabled", "false");
        }
        return off;
    }
}
