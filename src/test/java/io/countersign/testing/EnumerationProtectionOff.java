package io.countersign.testing;

import java.util.Map;

import io.quarkus.test.junit.QuarkusTestProfile;

/** Test profile: enumeration protection switched off (the compat endpoint answers exactly as the reference). */
public class EnumerationProtectionOff implements QuarkusTestProfile {

    @Override
    public Map<String, String> getConfigOverrides() {
        return Map.of("countersign.enumeration-protection", "false");
    }
}
