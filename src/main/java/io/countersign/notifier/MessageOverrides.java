package io.countersign.notifier;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.lang.reflect.Method;
import java.lang.reflect.Parameter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import io.quarkus.logging.Log;
import io.quarkus.qute.Engine;
import io.quarkus.qute.EngineBuilder;
import io.quarkus.qute.EvalContext;
import io.quarkus.qute.Expression;
import io.quarkus.qute.NamespaceResolver;
import io.quarkus.qute.Results;
import io.quarkus.qute.Template;
import io.quarkus.qute.TemplateInstance;
import io.quarkus.qute.Variant;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Singleton;

/**
 * Run-time overrides of the notifier message bundle: {@code messages/notifier.properties} (English) and
 * {@code messages/notifier_<lang>.properties} in {@code countersign.notifier.branding.templates-dir} replace single
 * keys of {@link NotifierMessages} for every template, built-in or overridden. A {@code notifier} namespace resolver
 * ranked above the one Qute generates for the bundle answers an overridden key, in the language of the message being
 * rendered (its {@code locale} attribute), and leaves every other key to the compiled bundle. The files read like the
 * built-in ones ({@code key=value}, {@code #} comments, a trailing {@code \} continues the line, {@code \n} is a line
 * break); each value is a Qute template that may use the parameters of the key's {@link NotifierMessages} method.
 */
@Singleton
public class MessageOverrides {

    static final String NAMESPACE = "notifier";
    /** Above the generated bundle resolver (default priority): consulted first, falls through on {@code NotFound}. */
    static final int PRIORITY = 10;
    static final String ENGLISH = "en";

    private static final Pattern FILE = Pattern.compile("notifier(?:_([a-z]{2}))?\\.properties");

    /** One overridden key: its template and the names of the bundle method's parameters, in order. */
    record Message(String file, String key, Template template, List<String> parameters) {
    }

    private volatile Map<String, Map<String, Message>> byLanguage = Map.of();

    void register(@Observes EngineBuilder builder) {
        builder.addNamespaceResolver(resolver());
    }

    /** The resolver to add to an engine; answers from whatever {@link #install} last put in place. */
    NamespaceResolver resolver() {
        return NamespaceResolver.builder(NAMESPACE).priority(PRIORITY).resolveAsync(this::resolve).build();
    }

    /** Puts loaded overrides in place (an empty map removes them). */
    void install(Map<String, Map<String, Message>> overrides) {
        this.byLanguage = Map.copyOf(overrides);
    }

    private CompletionStage<Object> resolve(EvalContext context) {
        Object locale = context.getAttribute("locale");
        if (locale == null && context.getAttribute("selectedVariant") instanceof Variant variant) {
            locale = variant.getLocale();
        }
        Map<String, Message> messages = byLanguage.get(language(locale));
        Message message = messages == null ? null : messages.get(context.getName());
        List<Expression> arguments = context.getParams();
        if (message == null || arguments.size() != message.parameters().size()) {
            return Results.notFound(context);
        }
        CompletionStage<TemplateInstance> instance = CompletableFuture.completedFuture(message.template().instance());
        for (int i = 0; i < arguments.size(); i++) {
            String name = message.parameters().get(i);
            Expression argument = arguments.get(i);
            instance = instance.thenCompose(template -> context.evaluate(argument).thenApply(value -> template.data(name, value)));
        }
        Object renderLocale = locale;
        return instance.thenCompose(template -> {
            if (renderLocale instanceof Locale l) {
                template.setLocale(l);
            } else if (renderLocale != null) {
                template.setLocale(renderLocale.toString());
            }
            return template.renderAsync();
        }).thenApply(text -> text);
    }

    /** The bundle language a locale attribute selects: its language if it has a bundle, else English (the default). */
    static String language(Object locale) {
        if (locale == null) {
            return ENGLISH;
        }
        String language = locale instanceof Locale l ? l.getLanguage() : Locale.forLanguageTag(locale.toString().replace('_', '-')).getLanguage();
        return TemplateRenderer.LANGUAGES.contains(language) ? language : ENGLISH;
    }

    /**
     * Reads {@code messages/} of the overrides directory (absent: no overrides). A file that is no notifier bundle, an
     * unknown key, a value that does not parse or that uses a name that is no parameter of its key stops the start
     * naming the file and the key.
     *
     * @return per language, the overridden keys; a language other than English also gets the English overrides of the
     *         keys its built-in file does not translate (they fall back to English, as in the compiled bundle)
     */
    static Map<String, Map<String, Message>> load(Engine engine, Path directory) {
        Path folder = directory.resolve("messages");
        if (!Files.isDirectory(folder)) {
            return Map.of();
        }
        Map<String, Map<String, Message>> own = new TreeMap<>();
        Map<String, String> fileOf = new HashMap<>();
        try (Stream<Path> entries = Files.list(folder)) {
            for (Path path : entries.sorted().toList()) {
                String name = path.getFileName().toString();
                if (name.startsWith(".")) {
                    continue; // ConfigMap mounts hold ..data links and hidden entries
                }
                String file = "messages/" + name;
                Matcher matcher = FILE.matcher(name);
                String language = matcher.matches() ? (matcher.group(1) == null ? ENGLISH : matcher.group(1)) : null;
                if (!Files.isRegularFile(path) || language == null || !TemplateRenderer.LANGUAGES.contains(language)) {
                    throw new IllegalStateException("Message bundle override " + file + " in " + directory
                            + " is no notifier message bundle (known: messages/notifier.properties for English, "
                            + "messages/notifier_de.properties, notifier_fr.properties, notifier_es.properties)");
                }
                if (fileOf.containsKey(language)) {
                    throw new IllegalStateException("Message bundle overrides " + fileOf.get(language) + " and " + file + " in " + directory
                            + " both hold the " + language + " wording: keep one");
                }
                fileOf.put(language, file);
                own.put(language, parse(engine, directory, file, Files.readAllLines(path, StandardCharsets.UTF_8)));
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + folder, e);
        }
        Map<String, Map<String, Message>> result = new TreeMap<>();
        Map<String, Message> english = own.getOrDefault(ENGLISH, Map.of());
        for (String language : TemplateRenderer.LANGUAGES) {
            Map<String, Message> messages = new LinkedHashMap<>();
            if (!language.equals(ENGLISH)) {
                Set<String> translated = builtInKeys(language);
                english.forEach((key, message) -> {
                    if (!translated.contains(key)) {
                        messages.put(key, message);
                    }
                });
            }
            messages.putAll(own.getOrDefault(language, Map.of()));
            if (!messages.isEmpty()) {
                result.put(language, messages);
            }
        }
        own.forEach((language, messages) -> Log.infof("Notifier wording replaced from %s in %s: %s", fileOf.get(language), directory, messages.keySet()));
        return result;
    }

    private static Map<String, Message> parse(Engine engine, Path directory, String file, List<String> lines) {
        Map<String, List<String>> parameters = parameters();
        Map<String, Message> messages = new LinkedHashMap<>();
        for (Map.Entry<String, String> entry : entries(lines, directory, file).entrySet()) {
            String key = entry.getKey();
            String where = "Message bundle override " + file + " in " + directory + ": key " + key;
            List<String> names = parameters.get(key);
            if (names == null) {
                throw new IllegalStateException(where + " is no notifier message (see NotifierMessages for the keys)");
            }
            Template template;
            try {
                template = engine.parse(entry.getValue(), null, file + "#" + key);
            } catch (RuntimeException e) {
                throw new IllegalStateException(where + " does not parse: " + e.getMessage(), e);
            }
            for (Expression expression : template.getExpressions()) {
                if (!expression.hasNamespace() && !expression.isLiteral() && !expression.getParts().isEmpty()
                        && !names.contains(expression.getParts().get(0).getName())) {
                    throw new IllegalStateException(where + " uses {" + expression.getParts().get(0).getName() + "}, which is no parameter of it (parameters: " + (names.isEmpty() ? "none" : String.join(", ", names)) + ")");
                }
            }
            messages.put(key, new Message(file, key, template, names));
        }
        return messages;
    }

    /** The entries of a bundle file, read as Qute reads the built-in ones. */
    static Map<String, String> entries(List<String> lines, Path directory, String file) {
        Map<String, String> entries = new LinkedHashMap<>();
        Iterator<String> it = lines.iterator();
        int number = 0;
        while (it.hasNext()) {
            String line = it.next();
            number++;
            if (line.isBlank() || line.strip().startsWith("#")) {
                continue;
            }
            int eq = line.indexOf('=');
            if (eq < 0) {
                throw new IllegalStateException("Message bundle override " + file + " in " + directory + ": line " + number + " is not key=value");
            }
            String key = line.substring(0, eq).strip();
            StringBuilder value = new StringBuilder();
            String part = line.substring(eq + 1);
            while (true) {
                part = part.stripLeading().replace("\\n", "\n");
                if (part.endsWith("\\") && it.hasNext()) {
                    value.append(part, 0, part.length() - 1);
                    part = it.next();
                    number++;
                } else {
                    value.append(part);
                    break;
                }
            }
            if (entries.put(key, value.toString()) != null) {
                throw new IllegalStateException("Message bundle override " + file + " in " + directory + ": key " + key + " is given twice");
            }
        }
        return entries;
    }

    /** The keys of {@link NotifierMessages} with the names of their parameters (the build keeps them: -parameters). */
    static Map<String, List<String>> parameters() {
        Map<String, List<String>> parameters = new HashMap<>();
        for (Method method : NotifierMessages.class.getMethods()) {
            parameters.put(method.getName(), Arrays.stream(method.getParameters()).map(Parameter::getName).toList());
        }
        return parameters;
    }

    private static Set<String> builtInKeys(String language) {
        String resource = "messages/notifier_" + language + ".properties";
        ClassLoader loader = Thread.currentThread().getContextClassLoader();
        try (InputStream in = (loader == null ? MessageOverrides.class.getClassLoader() : loader).getResourceAsStream(resource)) {
            if (in == null) {
                return Set.of();
            }
            List<String> lines = new ArrayList<>(new String(in.readAllBytes(), StandardCharsets.UTF_8).lines().toList());
            return entries(lines, Path.of("classpath:"), resource).keySet();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + resource, e);
        }
    }
}
