package io.countersign.notifier.email;

/** A rendered email; its toString never shows the bodies (they hold links and codes). */
public record RenderedEmail(String to, String subject, String html, String text, String language) {

    @Override
    public String toString() {
        return "RenderedEmail[subject=" + subject + ", language=" + language + "]";
    }
}
