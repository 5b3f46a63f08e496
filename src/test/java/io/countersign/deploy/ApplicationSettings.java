package io.countersign.deploy;

import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.Type;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithName;

/**
 * What the application's configuration reads, derived from its sources rather than listed by hand: the
 * properties of {@code application.properties} (with the environment variables their values reference,
 * {@code ${NAME:default}}), the properties of every {@code @ConfigMapping} interface in the compiled classes,
 * and the feathers-authentication-management aliases. An environment variable is a key the application reads
 * when it is one of the referenced variables or the SmallRye environment form of one of those properties
 * ({@code countersign.login.issuer} ↔ {@code COUNTERSIGN_LOGIN_ISSUER}).
 */
final class ApplicationSettings {

    /** {@code ${NAME}} or {@code ${NAME:default}} with an environment-style name. */
    private static final Pattern VARIABLE = Pattern.compile("\\$\\{([A-Z][A-Z0-9_]*)(?::([^}]*))?}");

    /**
     * Properties read by Quarkus itself that the deployment sets without application.properties naming them:
     * {@code quarkus.profile} (env {@code QUARKUS_PROFILE}) selects the role. Anything else must be derived.
     */
    static final Set<String> QUARKUS_PROPERTIES = Set.of("quarkus.profile");

    private final Map<String, String> properties;
    private final Map<String, Optional<String>> variables;
    private final Set<String> propertyNames;
    private final Set<String> mapPrefixes;

    private ApplicationSettings(Map<String, String> properties, Map<String, Optional<String>> variables,
            Set<String> propertyNames, Set<String> mapPrefixes) {
        this.properties = properties;
        this.variables = variables;
        this.propertyNames = propertyNames;
        this.mapPrefixes = mapPrefixes;
    }

    /** From {@code src/main/resources/application.properties} and the classes in {@code target/classes}. */
    static ApplicationSettings load() {
        return load(Path.of("src/main/resources/application.properties"), Path.of("target/classes"));
    }

    static ApplicationSettings load(Path applicationProperties, Path classes) {
        Properties raw = new Properties();
        try (Reader in = Files.newBufferedReader(applicationProperties)) {
            raw.load(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        Map<String, String> properties = new LinkedHashMap<>();
        Map<String, Optional<String>> variables = new LinkedHashMap<>();
        Set<String> names = new TreeSet<>(QUARKUS_PROPERTIES);
        for (String key : raw.stringPropertyNames()) {
            String value = raw.getProperty(key);
            properties.put(key, value);
            names.add(withoutProfile(key));
            Matcher m = VARIABLE.matcher(value);
            while (m.find()) {
                variables.putIfAbsent(m.group(1), Optional.ofNullable(m.group(2)));
            }
        }
        Set<String> mapPrefixes = new TreeSet<>();
        for (Class<?> mapping : configMappings(classes)) {
            collect(mapping, mapping.getAnnotation(ConfigMapping.class).prefix(), names, mapPrefixes);
        }
        names.addAll(famAliases());
        return new ApplicationSettings(Collections.unmodifiableMap(properties), Collections.unmodifiableMap(variables),
                Collections.unmodifiableSet(names), Collections.unmodifiableSet(mapPrefixes));
    }

    /** The environment variables application.properties references, each with its default if it has one. */
    Map<String, Optional<String>> variables() {
        return variables;
    }

    /** Every property name the application reads (profile prefixes removed). */
    Set<String> propertyNames() {
        return propertyNames;
    }

    /** The raw value of a property of application.properties, exactly as written. */
    String property(String name) {
        String value = properties.get(name);
        if (value == null) {
            throw new IllegalArgumentException(name + " is not in application.properties");
        }
        return value;
    }

    /**
     * The variable a property's value is read from and its default, for a value of the form
     * {@code ${NAME:default}}: e.g. the topic of the notification channel.
     */
    Variable variableOf(String property) {
        Matcher m = VARIABLE.matcher(property(property));
        if (!m.matches()) {
            throw new IllegalArgumentException(property + " is not read from one environment variable");
        }
        return new Variable(m.group(1), m.group(2));
    }

    record Variable(String name, String defaultValue) {

        /** The value the application ends up with when the environment holds {@code environment}. */
        String effective(Map<String, String> environment) {
            return environment.getOrDefault(name, defaultValue);
        }
    }

    /** Whether an environment variable of this name is a configuration key the application reads. */
    boolean reads(String environmentVariable) {
        if (variables.containsKey(environmentVariable)) {
            return true;
        }
        for (String name : propertyNames) {
            if (environmentForm(name).equals(environmentVariable)) {
                return true;
            }
        }
        for (String prefix : mapPrefixes) {
            String envPrefix = environmentForm(prefix) + "_";
            if (environmentVariable.startsWith(envPrefix) && environmentVariable.length() > envPrefix.length()) {
                return true;
            }
        }
        return false;
    }

    /** SmallRye's environment form of a property name: every character but letters and digits becomes _, upper case. */
    static String environmentForm(String property) {
        StringBuilder out = new StringBuilder(property.length());
        for (char c : property.toCharArray()) {
            out.append(Character.isLetterOrDigit(c) ? Character.toUpperCase(c) : '_');
        }
        return out.toString();
    }

    private static String withoutProfile(String key) {
        if (key.startsWith("%")) {
            int dot = key.indexOf('.');
            return dot < 0 ? key : key.substring(dot + 1);
        }
        return key;
    }

    private static Set<Class<?>> configMappings(Path classes) {
        Set<Class<?>> found = new java.util.LinkedHashSet<>();
        try (Stream<Path> files = Files.walk(classes)) {
            for (Path file : files.filter(f -> f.toString().endsWith(".class")).toList()) {
                String name = classes.relativize(file).toString().replace('/', '.').replace('\\', '.');
                name = name.substring(0, name.length() - ".class".length());
                if (name.contains("$") && !name.matches(".*\\$[A-Za-z_][A-Za-z0-9_]*")) {
                    continue;
                }
                Class<?> type;
                try {
                    type = Class.forName(name, false, ApplicationSettings.class.getClassLoader());
                } catch (ClassNotFoundException | LinkageError e) {
                    continue;
                }
                if (type.isAnnotationPresent(ConfigMapping.class)) {
                    found.add(type);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        if (found.isEmpty()) {
            throw new IllegalStateException("no @ConfigMapping interface under " + classes + ": compile first");
        }
        return found;
    }

    /** Properties of a mapping interface: leaves by name, maps as prefixes, nested groups recursively. */
    private static void collect(Class<?> group, String prefix, Set<String> names, Set<String> mapPrefixes) {
        for (Method method : group.getMethods()) {
            if (method.isDefault() || Modifier.isStatic(method.getModifiers()) || method.getParameterCount() > 0
                    || method.getDeclaringClass() == Object.class) {
                continue;
            }
            WithName withName = method.getAnnotation(WithName.class);
            String name = prefix + "." + (withName != null ? withName.value() : kebab(method.getName()));
            Type type = method.getGenericReturnType();
            Class<?> raw = rawType(type);
            if (raw == Optional.class && type instanceof ParameterizedType p) {
                type = p.getActualTypeArguments()[0];
                raw = rawType(type);
            }
            if (Map.class.isAssignableFrom(raw)) {
                mapPrefixes.add(name);
            } else if (raw.isInterface() && !raw.getName().startsWith("java.")) {
                collect(raw, name, names, mapPrefixes);
            } else {
                names.add(name);
            }
        }
    }

    private static Class<?> rawType(Type type) {
        if (type instanceof Class<?> c) {
            return c;
        }
        if (type instanceof ParameterizedType p) {
            return (Class<?>) p.getRawType();
        }
        return Object.class;
    }

    /** SmallRye's default naming: {@code identifyUserProps} → {@code identify-user-props}. */
    static String kebab(String methodName) {
        return methodName.replaceAll("([a-z0-9])([A-Z])", "$1-$2").toLowerCase(Locale.ROOT);
    }

    /** The {@code fam.*} names config/FamOptionAliases accepts. */
    private static Set<String> famAliases() {
        Set<String> names = new TreeSet<>();
        try {
            Class<?> aliases = Class.forName("io.countersign.config.FamOptionAliases");
            var field = aliases.getDeclaredField("ALIASES");
            field.setAccessible(true);
            for (Object alias : ((Map<?, ?>) field.get(null)).values()) {
                Method famName = alias.getClass().getDeclaredMethod("famName");
                famName.setAccessible(true);
                names.add((String) famName.invoke(alias));
            }
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException("cannot read the f-a-m aliases", e);
        }
        return names;
    }
}
