package io.countersign.notifier;

import java.util.Optional;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/**
 * How the notifier's messages look without a rebuild (docs/templates.md): the hosted pages' logo and accent colour
 * (application.properties points these at {@code countersign.pages.*}, so one setting brands both), and a directory
 * whose templates replace the built-in ones.
 */
@ConfigMapping(prefix = "countersign.notifier.branding")
public interface BrandingConfig {

    /** Logo shown at the top of every e-mail: an absolute http(s) URL, or a path under the links' base URL. None: the product name only. */
    Optional<String> logoUrl();

    /** Colour of the e-mails' buttons and links, #rgb or #rrggbb. */
    @WithDefault("#1f4fd1")
    String accentColor();

    /**
     * Directory of template overrides, laid out like {@code templates/}: {@code notifier/email/<type>.html},
     * {@code <type>.txt}, {@code <type>-subject.txt}, {@code layout.html}, {@code notifier/sms/<type>.txt} (e.g. a
     * mounted ConfigMap). Each file found replaces the built-in template of the same name; all are checked at start.
     */
    Optional<String> templatesDir();
}
