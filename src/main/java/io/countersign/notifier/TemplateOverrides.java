package io.countersign.notifier;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

import io.quarkus.logging.Log;
import io.quarkus.qute.Engine;
import io.quarkus.qute.Template;

/**
 * Loads the template overrides of {@code countersign.notifier.branding.templates-dir} into the Qute engine, in place
 * of the built-in templates of the same id (includes resolve to them too). Only names the notifier knows are taken;
 * a file that does not parse stops the start naming it.
 */
final class TemplateOverrides {

    private TemplateOverrides() {
    }

    /** @return the ids of the templates replaced */
    static List<String> load(Engine engine, Path directory, List<String> knownIds) {
        if (!Files.isDirectory(directory)) {
            throw new IllegalStateException("countersign.notifier.branding.templates-dir is not a directory: " + directory);
        }
        List<String> replaced = new ArrayList<>();
        try (Stream<Path> files = Files.walk(directory)) {
            for (Path file : files.filter(Files::isRegularFile).sorted().toList()) {
                String id = directory.relativize(file).toString().replace(file.getFileSystem().getSeparator(), "/");
                if (id.contains("/..") || id.startsWith(".") || id.contains("/.")) {
                    continue; // ConfigMap mounts hold ..data links and hidden entries
                }
                if (id.startsWith("messages/")) {
                    continue; // message bundle overrides: MessageOverrides
                }
                if (!knownIds.contains(id)) {
                    throw new IllegalStateException("Template override " + id + " in " + directory
                            + " replaces no notifier template (known: notifier/email/<type>.html, .txt, -subject.txt, layout.html, "
                            + "layout.txt, action-layout.html, notifier/sms/<type>.txt)");
                }
                Template template;
                try {
                    template = engine.parse(Files.readString(file, StandardCharsets.UTF_8), null, id);
                } catch (RuntimeException e) {
                    throw new IllegalStateException("Template override " + id + " in " + directory + " does not parse: " + e.getMessage(), e);
                }
                engine.putTemplate(id, template);
                replaced.add(id);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + directory, e);
        }
        Log.infof("Notifier templates replaced from %s: %s", directory, replaced);
        return replaced;
    }
}
