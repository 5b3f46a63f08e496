package io.countersign.config;

import java.time.Duration;
import java.util.List;
import java.util.Optional;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** Browser frontends on other origins (CORS), read by {@code web/Cors}. Off unless origins are listed. */
@ConfigMapping(prefix = "countersign.cors")
public interface CorsConfig {

    /**
     * The origins ({@code scheme://host[:port]}, no path, no wildcard) whose pages may call the API with
     * {@code fetch()}, including with an {@code Authorization} header; comma-separated in the environment
     * ({@code COUNTERSIGN_CORS_ORIGINS}). None by default: CORS is off and browsers refuse every cross-origin call.
     */
    Optional<List<String>> origins();

    /** How long a browser may keep a preflight answer ({@code Access-Control-Max-Age}). */
    @WithDefault("10m")
    Duration maxAge();
}
