package io.countersign.fuzz;

import java.nio.charset.StandardCharsets;
import java.util.Map;

/**
 * One generated HTTP request: method, raw path (already percent-encoded where needed), headers and body bytes.
 * {@code label} names the generator that made it, so that a failure says which kind of input broke what.
 */
record FuzzRequest(String method, String path, Map<String, String> headers, byte[] body, String label) {

    /** The Feathers surfaces answer their own error envelope (the path as the server routes it: dot segments resolved). */
    boolean compat() {
        String p = routedPath();
        return p.equals("/authManagement") || p.startsWith("/authManagement/") || p.equals("/authentication")
                || p.startsWith("/authentication/");
    }

    /** Whether the path names a compat endpoint at all (whose Feathers envelope is then a fitting answer). */
    boolean mentionsCompat() {
        return path.contains("authManagement") || path.contains("authentication");
    }

    /**
     * Whether the path is written as the document writes paths: no query, escapes, duplicate or trailing slashes or dot
     * segments, and with the case of a documented path. Only then does the OpenAPI validator's (lenient) path matching agree with the server's routing.
     */
    boolean canonical() {
        return path.equals(routedPath()) && !path.contains("%") // the validator also ignores case; routing does not
                && FuzzGenerators.PATHS.stream().anyMatch(template -> path.matches(template.replace("{id}", "[^/]+")));
    }

    private String routedPath() {
        // as the server normalises it: percent-encoded dots decoded, duplicate slashes and dot segments resolved
        String p = path.replaceAll("[?#;].*$", "").replaceAll("(?i)%2e", ".").replaceAll("/+", "/");
        java.util.Deque<String> segments = new java.util.ArrayDeque<>();
        for (String segment : p.split("/")) {
            if (segment.equals("..")) {
                segments.pollLast();
            } else if (!segment.isEmpty() && !segment.equals(".")) {
                segments.addLast(segment);
            }
        }
        return "/" + String.join("/", segments);
    }

    /** A short, printable description for failure messages (bodies cut to 300 characters). */
    String describe() {
        String text = body == null ? "<none>" : new String(body, StandardCharsets.UTF_8);
        if (text.length() > 300) {
            text = text.substring(0, 300) + "…(" + body.length + " bytes)";
        }
        StringBuilder h = new StringBuilder();
        headers.forEach((k, v) -> h.append("\n    ").append(k).append(": ")
                .append(v.length() > 120 ? v.substring(0, 120) + "…(" + v.length() + ")" : v));
        String shownPath = path.length() > 200 ? path.substring(0, 200) + "…" : path;
        return "[" + label + "] " + method + " " + shownPath + h + "\n    body: " + text;
    }
}
