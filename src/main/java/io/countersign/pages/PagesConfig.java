package io.countersign.pages;

import java.time.Duration;
import java.util.Optional;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** The hosted pages that notification links open by default (docs/pages.md). */
@ConfigMapping(prefix = "countersign.pages")
public interface PagesConfig {

    /** Product name in the page header and titles. */
    @WithDefault("Countersign")
    String productName();

    /** Absolute https URL (or a path on this server) of a logo shown in the header; none: the product name only. */
    Optional<String> logoUrl();

    /** Accent colour of buttons and links, as #rgb or #rrggbb; pick one with a contrast of at least 4.5:1 to white. */
    @WithDefault("#1f4fd1")
    String accentColor();

    /** How long the token of an opened link is kept in its cookie, between the link and the confirmation. */
    @WithDefault("15m")
    Duration linkCookieLifetime();

    /** Language of the pages when neither the link, a cookie nor Accept-Language names one they have. */
    @WithDefault("en")
    String defaultLanguage();
}
