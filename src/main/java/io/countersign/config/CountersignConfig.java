package io.countersign.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** Placeholder, filled by the flows. */
@ConfigMapping(prefix = "countersign")
public interface CountersignConfig {

    /** The public base URL that notification links point to. */
    @WithDefault("http://localhost:8080")
    String publicBaseUrl();
}
