package io.countersign.notifier;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.quarkus.qute.Engine;

/**
 * Template overrides from a directory (a mounted ConfigMap), on a plain Qute engine: a replacement takes the place of
 * the template everywhere, includes too; ConfigMap bookkeeping entries are skipped; an unknown name or a template
 * that does not parse stops the start naming the file.
 */
class TemplateOverridesTest {

    private static final List<String> KNOWN = List.of("notifier/email/layout.html", "notifier/email/verifySignup.html");

    @TempDir
    Path dir;

    @Test
    void aReplacementIsUsedAndIncludesResolveToIt() throws IOException {
        Engine engine = Engine.builder().addDefaults().build();
        engine.putTemplate("notifier/email/layout.html", engine.parse("built-in {#insert main}{/}", null, "notifier/email/layout.html"));
        engine.putTemplate("notifier/email/verifySignup.html", engine.parse(
                "{#include notifier/email/layout.html}{#main}hello {name}{/main}{/include}", null, "notifier/email/verifySignup.html"));
        write("notifier/email/layout.html", "<b>ACME</b> {#insert main}{/}");
        write("..data/notifier/email/layout.html", "ignored");
        write("messages/notifier.properties", "greeting=Hi {name}"); // MessageOverrides reads these

        assertThat(TemplateOverrides.load(engine, dir, KNOWN)).containsExactly("notifier/email/layout.html");
        assertThat(engine.getTemplate("notifier/email/verifySignup.html").data(Map.of("name", "Ada")).render()).isEqualTo("<b>ACME</b> hello Ada");
    }

    @Test
    void anUnknownNameOrABrokenTemplateStopsTheStartNamingIt() throws IOException {
        Engine engine = Engine.builder().addDefaults().build();
        write("notifier/email/verifySignUp.html", "typo in the name");
        assertThatThrownBy(() -> TemplateOverrides.load(engine, dir, KNOWN)).isInstanceOf(IllegalStateException.class)
                .hasMessageStartingWith("Template override notifier/email/verifySignUp.html in " + dir + " replaces no notifier template");
        Files.delete(dir.resolve("notifier/email/verifySignUp.html"));
        write("notifier/email/verifySignup.html", "{#if name}unclosed");
        assertThatThrownBy(() -> TemplateOverrides.load(engine, dir, KNOWN)).isInstanceOf(IllegalStateException.class)
                .hasMessageStartingWith("Template override notifier/email/verifySignup.html in " + dir + " does not parse");
        assertThatThrownBy(() -> TemplateOverrides.load(engine, dir.resolve("missing"), KNOWN))
                .hasMessageContaining("is not a directory");
    }

    private void write(String id, String text) throws IOException {
        Path file = dir.resolve(id);
        Files.createDirectories(file.getParent());
        Files.writeString(file, text);
    }
}
