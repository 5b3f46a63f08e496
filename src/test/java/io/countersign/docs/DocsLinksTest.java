package io.countersign.docs;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;

import io.countersign.error.ErrorCode;
import io.countersign.security.RateLimitConfig;
import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithName;

/**
 * The documentation holds together: every relative link (and its {@code #anchor}) in README.md, SECURITY.md,
 * docs/, bench/README.md and k8s/README.md resolves, the README stays a front door, the API reference lists
 * every error code and the configuration reference every setting. Anchors are the
 * heading slugs GitHub renders (lower case, punctuation dropped, spaces to hyphens, {@code -1}, {@code -2} for
 * repeated headings) and explicit {@code <a id>}/{@code <a name>} anchors. Links inside code are not links.
 * Plain JUnit: no application is started.
 */
class DocsLinksTest {

    static final Path ROOT = Path.of("").toAbsolutePath().normalize();
    static final Path README = ROOT.resolve("README.md");
    static final int README_MAX_LINES = 250;
    /** CI (.ci/run) runs the README's test command; the README must keep showing it. */
    static final String TEST_COMMAND = "./mvnw -B verify";

    private static final Pattern INLINE_LINK = Pattern.compile("\\[([^\\]\\n]*)\\]\\(\\s*(<[^>\\n]*>|[^)\\s]+)(?:\\s+\"[^\"\\n]*\")?\\s*\\)");
    private static final Pattern REFERENCE_DEFINITION = Pattern.compile("(?m)^ {0,3}\\[[^\\]\\n]+\\]:\\s*(\\S+)");
    private static final Pattern ATX_HEADING = Pattern.compile("(?m)^ {0,3}#{1,6}[ \\t]+(.*?)(?:[ \\t]+#+)?[ \\t]*$");
    private static final Pattern HTML_ANCHOR = Pattern.compile("<a\\s[^>]*?(?:id|name)\\s*=\\s*\"([^\"]+)\"", Pattern.CASE_INSENSITIVE);
    private static final Pattern SCHEME = Pattern.compile("^[A-Za-z][A-Za-z0-9+.-]*:|^//");
    private static final Pattern NOT_IN_SLUG = Pattern.compile("[^\\p{L}\\p{M}\\p{N}\\p{Pc} -]");

    @Test
    void everyRelativeLinkAndAnchorResolves() throws IOException {
        List<Path> documents = documents();
        assertThat(documents).as("documents to check").contains(README, ROOT.resolve("SECURITY.md"),
                ROOT.resolve("docs/api.md"), ROOT.resolve("bench/README.md"), ROOT.resolve("k8s/README.md"));
        List<String> broken = new ArrayList<>();
        Map<Path, Set<String>> anchors = new HashMap<>();
        int checked = 0;
        for (Path document : documents) {
            for (Link link : links(document)) {
                checked++;
                String problem = problem(document, link, anchors);
                if (problem != null) {
                    broken.add(ROOT.relativize(document) + ":" + link.line() + ": (" + link.target() + ") " + problem);
                }
            }
        }
        assertThat(checked).as("relative links found").isGreaterThan(50);
        assertThat(broken).as("broken links").isEmpty();
    }

    @Test
    void theReadmeIsAFrontDoor() throws IOException {
        List<String> lines = Files.readAllLines(README);
        assertThat(lines.size()).as("lines in README.md").isLessThanOrEqualTo(README_MAX_LINES);
        assertThat(lines).as("README.md shows the test command CI runs").contains(TEST_COMMAND);
    }

    @Test
    void theErrorTableOfTheApiReferenceListsEveryCode() throws IOException {
        List<String> rows = Files.readAllLines(ROOT.resolve("docs/api.md")).stream().filter(l -> l.startsWith("| `")).toList();
        List<String> missing = new ArrayList<>();
        for (ErrorCode code : ErrorCode.values()) {
            String cell = "| `" + code.code() + "` | " + code.status() + " |";
            if (rows.stream().noneMatch(row -> row.startsWith(cell))) {
                missing.add(cell);
            }
        }
        assertThat(missing).as("rows missing from the error table of docs/api.md").isEmpty();
    }

    /**
     * Every property of every {@code @ConfigMapping} in the application is named in full in docs/configuration.md
     * or docs/notifier.md (rate-limit rules as {@code countersign.rate-limits.<action>.<name>} plus a row per action).
     */
    @Test
    void theConfigurationReferenceNamesEverySetting() throws IOException, ClassNotFoundException {
        String docs = Files.readString(ROOT.resolve("docs/configuration.md")) + Files.readString(ROOT.resolve("docs/notifier.md"));
        List<Class<?>> mappings = configMappings();
        assertThat(mappings).as("@ConfigMapping interfaces").hasSizeGreaterThanOrEqualTo(8);
        List<String> missing = new ArrayList<>();
        for (Class<?> mapping : mappings) {
            for (Setting setting : settings(mapping.getAnnotation(ConfigMapping.class).prefix(), mapping)) {
                String name = setting.name();
                boolean named = setting.action() == null ? docs.contains("`" + name + "`")
                        : docs.contains("`" + setting.prefix() + ".<action>." + setting.leaf() + "`")
                                && docs.contains("| `" + setting.action() + "` |");
                if (!named) {
                    missing.add(name + " (" + mapping.getSimpleName() + ")");
                }
            }
        }
        assertThat(missing).as("settings the configuration reference does not name").isEmpty();
    }

    @Test
    void slugsAreThoseGitHubRenders() {
        assertThat(slug("1. Wire format")).isEqualTo("1-wire-format");
        assertThat(slug("1.3 Errors")).isEqualTo("13-errors");
        assertThat(slug("Metrics (`/q/metrics`)")).isEqualTo("metrics-qmetrics");
        assertThat(slug("Roles: one image, three ways to run")).isEqualTo("roles-one-image-three-ways-to-run");
        assertThat(slug("Compat protocol (`POST /authManagement`)")).isEqualTo("compat-protocol-post-authmanagement");
        assertThat(slug("See [the API](api.md) and **this**")).isEqualTo("see-the-api-and-this");
        assertThat(anchorsOf("# A\n## A\n```\n# not a heading\n```\n## A\n<a id=\"Custom\"></a>\n"))
                .containsExactlyInAnyOrder("a", "a-1", "a-2", "Custom");
        assertThat(links(Path.of("x.md"), "[a](b.md) `[c](d.md)` ``x `[e](f.md)` y``\n```\n[g](h.md)\n```\n[i](https://x) [j](#k)\n"))
                .extracting(Link::target).containsExactly("b.md", "#k");
    }

    /** A property of a mapping; {@code action} is set for the per-action rules of the rate limits. */
    record Setting(String name, String prefix, String action, String leaf) {
    }

    /** The {@code @ConfigMapping} interfaces among the compiled application classes. */
    static List<Class<?>> configMappings() throws IOException, ClassNotFoundException {
        Path classes = ROOT.resolve("target/classes");
        List<Class<?>> mappings = new ArrayList<>();
        try (Stream<Path> files = Files.walk(classes.resolve("io/countersign"))) {
            for (Path file : files.filter(f -> f.toString().endsWith(".class")).sorted().toList()) {
                String name = classes.relativize(file).toString().replace(".class", "").replace(file.getFileSystem().getSeparator(), ".");
                Class<?> type = Class.forName(name, false, DocsLinksTest.class.getClassLoader());
                if (type.isAnnotationPresent(ConfigMapping.class)) {
                    mappings.add(type);
                }
            }
        }
        return mappings;
    }

    /** The properties of a mapping, as SmallRye Config names them (kebab case, {@code @WithName}, maps as {@code <id>}). */
    static List<Setting> settings(String prefix, Class<?> mapping) {
        List<Setting> settings = new ArrayList<>();
        for (Method method : mapping.getMethods()) {
            if (method.isDefault() || Modifier.isStatic(method.getModifiers()) || method.getParameterCount() > 0) {
                continue;
            }
            WithName withName = method.getAnnotation(WithName.class);
            String name = prefix + "." + (withName != null ? withName.value() : kebab(method.getName()));
            Class<?> type = method.getReturnType();
            if (type == RateLimitConfig.Rule.class) {
                for (Setting rule : settings(name, type)) {
                    settings.add(new Setting(rule.name(), prefix, name.substring(prefix.length() + 1), rule.leaf()));
                }
            } else if (type.isInterface() && type.getName().startsWith("io.countersign.")) {
                settings.addAll(settings(name, type));
            } else if (type == Map.class) {
                settings.add(new Setting(name + ".<id>", prefix, null, "<id>"));
            } else {
                settings.add(new Setting(name, prefix, null, name.substring(prefix.length() + 1)));
            }
        }
        return settings;
    }

    private static String kebab(String methodName) {
        return methodName.replaceAll("([a-z0-9])([A-Z])", "$1-$2").toLowerCase(Locale.ROOT);
    }

    /** README.md, SECURITY.md, bench/README.md, k8s/README.md and every .md file under docs/. */
    static List<Path> documents() throws IOException {
        List<Path> documents = new ArrayList<>();
        for (String name : List.of("README.md", "SECURITY.md", "bench/README.md", "k8s/README.md")) {
            Path file = ROOT.resolve(name);
            if (Files.isRegularFile(file)) {
                documents.add(file);
            }
        }
        try (Stream<Path> files = Files.walk(ROOT.resolve("docs"))) {
            files.filter(f -> f.toString().endsWith(".md")).sorted().forEach(documents::add);
        }
        return documents;
    }

    /** Why a link does not resolve, or null when it does. */
    private static String problem(Path document, Link link, Map<Path, Set<String>> anchors) throws IOException {
        String target = link.target();
        int hash = target.indexOf('#');
        String path = URLDecoder.decode(hash < 0 ? target : target.substring(0, hash), StandardCharsets.UTF_8);
        String fragment = hash < 0 ? null : URLDecoder.decode(target.substring(hash + 1), StandardCharsets.UTF_8);
        Path file = path.isEmpty() ? document : document.getParent().resolve(path).normalize();
        if (!file.startsWith(ROOT)) {
            return "points outside the repository";
        }
        if (!Files.exists(file)) {
            return "no such file: " + ROOT.relativize(file);
        }
        if (fragment == null || fragment.isEmpty() || !file.toString().endsWith(".md")) {
            return null;
        }
        Set<String> known = anchors.get(file);
        if (known == null) {
            known = anchorsOf(Files.readString(file));
            anchors.put(file, known);
        }
        return known.contains(fragment) ? null : "no heading or anchor #" + fragment + " in " + ROOT.relativize(file);
    }

    /** The relative links of a document (external ones and those inside code left out). */
    static List<Link> links(Path document) throws IOException {
        return links(document, Files.readString(document));
    }

    static List<Link> links(Path document, String markdown) {
        String text = withoutCode(markdown);
        List<Link> links = new ArrayList<>();
        Matcher inline = INLINE_LINK.matcher(text);
        while (inline.find()) {
            add(links, text, inline.start(), inline.group(2));
        }
        Matcher reference = REFERENCE_DEFINITION.matcher(text);
        while (reference.find()) {
            add(links, text, reference.start(), reference.group(1));
        }
        links.sort((a, b) -> Integer.compare(a.line(), b.line()));
        return links;
    }

    private static void add(List<Link> links, String text, int offset, String target) {
        String t = target.startsWith("<") && target.endsWith(">") ? target.substring(1, target.length() - 1) : target;
        if (!t.isEmpty() && !SCHEME.matcher(t).find()) {
            links.add(new Link(lineOf(text, offset), t));
        }
    }

    /** The anchors a rendered document offers: heading slugs (deduplicated as GitHub does) and HTML anchors. */
    static Set<String> anchorsOf(String markdown) {
        Set<String> anchors = new LinkedHashSet<>();
        Map<String, Integer> seen = new HashMap<>();
        Matcher heading = ATX_HEADING.matcher(withoutFences(markdown));
        while (heading.find()) {
            String slug = slug(heading.group(1));
            int n = seen.merge(slug, 1, Integer::sum) - 1;
            anchors.add(n == 0 ? slug : slug + "-" + n);
        }
        Matcher html = HTML_ANCHOR.matcher(withoutCode(markdown));
        while (html.find()) {
            anchors.add(html.group(1));
        }
        return anchors;
    }

    /** GitHub's heading slug: the rendered text, lower case, without punctuation, spaces to hyphens. */
    static String slug(String heading) {
        String rendered = heading
                .replaceAll("!?\\[([^\\]]*)\\]\\([^)]*\\)", "$1") // links and images: their text
                .replaceAll("<[^>]+>", "") // inline HTML
                .replace("`", "");
        return NOT_IN_SLUG.matcher(rendered.toLowerCase(Locale.ROOT)).replaceAll("").replace(' ', '-');
    }

    /** The text with fenced code blocks and code spans blanked out (same length, so offsets and lines hold). */
    static String withoutCode(String markdown) {
        char[] out = withoutFences(markdown).toCharArray();
        // code spans: a run of n backticks up to the next run of exactly n backticks
        String text = new String(out);
        int i = 0;
        while (i < text.length()) {
            if (text.charAt(i) != '`') {
                i++;
                continue;
            }
            int n = run(text, i);
            int close = findRun(text, i + n, n);
            if (close < 0) {
                i += n;
                continue;
            }
            blank(out, i, close + n);
            i = close + n;
        }
        return new String(out);
    }

    /** The text with fenced code blocks blanked out. */
    static String withoutFences(String markdown) {
        char[] out = markdown.toCharArray();
        String[] lines = markdown.split("\n", -1);
        int offset = 0;
        String fence = null;
        for (String line : lines) {
            String trimmed = line.stripLeading();
            boolean fenceLine = trimmed.startsWith("```") || trimmed.startsWith("~~~");
            if (fence == null && fenceLine) {
                fence = trimmed.substring(0, 3);
                blank(out, offset, offset + line.length());
            } else if (fence != null) {
                blank(out, offset, offset + line.length());
                if (trimmed.startsWith(fence)) {
                    fence = null;
                }
            }
            offset += line.length() + 1;
        }
        return new String(out);
    }

    private static int run(String text, int start) {
        int end = start;
        while (end < text.length() && text.charAt(end) == '`') {
            end++;
        }
        return end - start;
    }

    private static int findRun(String text, int from, int n) {
        int i = from;
        while (i < text.length()) {
            if (text.charAt(i) == '`') {
                int m = run(text, i);
                if (m == n) {
                    return i;
                }
                i += m;
            } else {
                i++;
            }
        }
        return -1;
    }

    private static void blank(char[] text, int from, int to) {
        for (int i = from; i < to && i < text.length; i++) {
            if (text[i] != '\n') {
                text[i] = ' ';
            }
        }
    }

    private static int lineOf(String text, int offset) {
        int line = 1;
        for (int i = 0; i < offset; i++) {
            if (text.charAt(i) == '\n') {
                line++;
            }
        }
        return line;
    }

    /** A link: the line it is on and its target as written. */
    record Link(int line, String target) {
    }
}
