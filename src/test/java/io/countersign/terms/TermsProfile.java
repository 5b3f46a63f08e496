package io.countersign.terms;

import java.util.Map;

import io.quarkus.test.junit.QuarkusTestProfile;

/**
 * Terms that bind every account, in a version other than the default {@code 1}: an account whose acceptance names an
 * earlier version stands for one that accepted the terms before this version was published.
 */
public class TermsProfile implements QuarkusTestProfile {

    static final String VERSION = "2026-12";
    static final String EARLIER = "2026-01";
    static final String URL = "https://example.com/terms/2026-12";

    @Override
    public Map<String, String> getConfigOverrides() {
        return Map.of("countersign.terms.required", "true",
                "countersign.terms.version", VERSION,
                "countersign.terms.url", URL);
    }
}
