package io.countersign.notifier.email;

/**
 * A sender as configured: {@code Name <address>} or a bare address.
 *
 * @param name    display name, or null
 * @param address the e-mail address
 */
public record MailAddress(String name, String address) {

    public static MailAddress parse(String value) {
        String text = value == null ? "" : value.strip();
        int open = text.lastIndexOf('<');
        if (open >= 0 && text.endsWith(">")) {
            String name = text.substring(0, open).strip();
            if (name.length() >= 2 && name.startsWith("\"") && name.endsWith("\"")) {
                name = name.substring(1, name.length() - 1);
            }
            return new MailAddress(name.isEmpty() ? null : name, text.substring(open + 1, text.length() - 1).strip());
        }
        if (text.indexOf('@') < 1) {
            throw new IllegalStateException("countersign.notifier.email.from must be an e-mail address: " + value);
        }
        return new MailAddress(null, text);
    }

    /** The domain of the address, e.g. for a Message-ID. */
    public String domain() {
        int at = address.lastIndexOf('@');
        return at < 0 ? "localhost" : address.substring(at + 1);
    }

    /** {@code "Name" <address>}, or the bare address. */
    public String formatted() {
        return name == null ? address : "\"" + name.replace("\\", "\\\\").replace("\"", "\\\"") + "\" <" + address + ">";
    }
}
