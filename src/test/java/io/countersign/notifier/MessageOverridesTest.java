package io.countersign.notifier;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.quarkus.qute.Engine;
import io.quarkus.qute.NamespaceResolver;

/**
 * Message bundle overrides from {@code messages/} of the overrides directory, on a plain Qute engine whose
 * {@code notifier} namespace also has a stand-in for the generated bundle resolver (default priority): an overridden
 * key wins in its language, any other key falls through; a file, key, parameter or text that is wrong stops the
 * start naming the file and the key. The rendered e-mails are checked in {@code NotificationRenderingTest}.
 */
class MessageOverridesTest {

    @TempDir
    Path dir;

    private final MessageOverrides overrides = new MessageOverrides();
    private final Engine engine = Engine.builder().addDefaults().addNamespaceResolver(overrides.resolver())
            .addNamespaceResolver(NamespaceResolver.builder("notifier").resolve(ctx -> "built-in " + ctx.getName()).build()).build();

    @Test
    void theParameterNamesOfTheBundleAreKept() {
        assertThat(MessageOverrides.parameters()).containsEntry("greeting", List.of("name"))
                .containsEntry("usernameReminder_intro", List.of("product", "username")).containsEntry("ignoreLine", List.of());
    }

    @Test
    void anOverriddenKeyWinsInItsLanguageAndTheOthersFallThrough() throws IOException {
        write("messages/notifier.properties", "# comment\ngreeting=Howdy {name}, \\\n  welcome\nignoreLine=Never mind.\n");
        write("messages/notifier_de.properties", "greeting=Servus {name}!\n");
        write("messages/.hidden", "skipped");
        overrides.install(MessageOverrides.load(engine, dir));
        String template = "{notifier:greeting(who)} / {notifier:ignoreLine} / {notifier:footer(who)}";

        assertThat(render(template, Locale.ENGLISH)).isEqualTo("Howdy Ada, welcome / Never mind. / built-in footer");
        assertThat(render(template, Locale.forLanguageTag("it"))).startsWith("Howdy Ada, welcome");
        // German has its own greeting; it translates ignoreLine itself, so the English override does not apply there
        assertThat(render(template, Locale.GERMAN)).isEqualTo("Servus Ada! / built-in ignoreLine / built-in footer");
        assertThat(render(template, Locale.FRENCH)).isEqualTo("built-in greeting / built-in ignoreLine / built-in footer");

        overrides.install(Map.of());
        assertThat(render(template, Locale.ENGLISH)).isEqualTo("built-in greeting / built-in ignoreLine / built-in footer");
    }

    @Test
    void noMessagesFolderMeansNoOverrides() {
        assertThat(MessageOverrides.load(engine, dir)).isEmpty();
    }

    @Test
    void aBadFileKeyParameterOrTextStopsTheStartNamingIt() throws IOException {
        write("messages/notifier_it.properties", "greeting=Ciao {name}");
        assertThatThrownBy(() -> MessageOverrides.load(engine, dir)).isInstanceOf(IllegalStateException.class)
                .hasMessageStartingWith("Message bundle override messages/notifier_it.properties in " + dir + " is no notifier message bundle");
        Files.delete(dir.resolve("messages/notifier_it.properties"));

        write("messages/notifier_fr.properties", "greetng=Bonjour {name}");
        assertThatThrownBy(() -> MessageOverrides.load(engine, dir)).isInstanceOf(IllegalStateException.class)
                .hasMessage("Message bundle override messages/notifier_fr.properties in " + dir
                        + ": key greetng is no notifier message (see NotifierMessages for the keys)");

        write("messages/notifier_fr.properties", "greeting=Bonjour {nom}");
        assertThatThrownBy(() -> MessageOverrides.load(engine, dir)).isInstanceOf(IllegalStateException.class)
                .hasMessage("Message bundle override messages/notifier_fr.properties in " + dir
                        + ": key greeting uses {nom}, which is no parameter of it (parameters: name)");

        write("messages/notifier_fr.properties", "greeting=Bonjour {#if name}{name}");
        assertThatThrownBy(() -> MessageOverrides.load(engine, dir)).isInstanceOf(IllegalStateException.class)
                .hasMessageStartingWith("Message bundle override messages/notifier_fr.properties in " + dir + ": key greeting does not parse: ");

        write("messages/notifier_fr.properties", "greeting Bonjour");
        assertThatThrownBy(() -> MessageOverrides.load(engine, dir)).isInstanceOf(IllegalStateException.class)
                .hasMessage("Message bundle override messages/notifier_fr.properties in " + dir + ": line 1 is not key=value");
    }

    private String render(String template, Locale locale) {
        return engine.parse(template).instance().data("who", "Ada").setLocale(locale).render();
    }

    private void write(String id, String text) throws IOException {
        Path file = dir.resolve(id);
        Files.createDirectories(file.getParent());
        Files.writeString(file, text);
    }
}
