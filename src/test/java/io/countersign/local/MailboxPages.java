package io.countersign.local;

import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Map;

/**
 * The HTML of the mailbox: a list of caught e-mails and SMS (newest first) and a page per message. Everything
 * is escaped.
 */
final class MailboxPages {

    private static final DateTimeFormatter DATE = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss 'UTC'")
            .withZone(ZoneOffset.UTC);

    private static final String STYLE = """
            body{font-family:system-ui,sans-serif;margin:2rem;color:#222}
            table{border-collapse:collapse;width:100%}
            th,td{text-align:left;padding:.4rem .6rem;border-bottom:1px solid #ddd;vertical-align:top}
            tr:hover td{background:#f6f8fa}
            pre{white-space:pre-wrap;background:#f6f8fa;padding:1rem;border-radius:4px}
            iframe{width:100%;height:32rem;border:1px solid #ddd;border-radius:4px}
            .muted{color:#666}
            """;

    private MailboxPages() {
    }

    /** @param messages newest first */
    static String list(List<MailView> messages, int smtpPort) {
        StringBuilder rows = new StringBuilder();
        for (MailView m : messages) {
            rows.append("<tr><td>").append(m.id()).append("</td><td>").append(channel(m))
                    .append("</td><td>").append(date(m))
                    .append("</td><td>").append(escape(m.from())).append("</td><td>").append(escape(m.to()))
                    .append("</td><td><a href=\"/messages/").append(m.id()).append("\">")
                    .append(escape(m.subject().isBlank() ? "(no subject)" : m.subject())).append("</a></td></tr>\n");
        }
        String body = messages.isEmpty()
                ? "<p class=\"muted\">No messages yet. Mail sent to SMTP 127.0.0.1:" + smtpPort
                        + " and SMS sent through the gateway stub appear here.</p>"
                : "<table><thead><tr><th>#</th><th>Channel</th><th>Date</th><th>From</th><th>To</th><th>Subject</th></tr></thead><tbody>\n"
                        + rows + "</tbody></table>";
        return page("Mailbox (" + messages.size() + ")", """
                <meta http-equiv="refresh" content="5">
                """, "<h1>Countersign local mailbox</h1>"
                + "<p class=\"muted\">E-mail and SMS, newest first &middot; SMTP 127.0.0.1:" + smtpPort
                + " &middot; SMS gateway stub POST /sms &middot; refreshes every 5 s &middot; "
                + "JSON: <a href=\"/api/messages\">/api/messages</a> &middot; kept in memory until the local run stops</p>"
                + "<form method=\"post\" action=\"/purge\"><button>Delete all</button></form>"
                + body);
    }

    static String message(MailView m) {
        return message(m, List.of());
    }

    /** With the e-mail's message lifecycle (docs/delivery.md), when the local run knows it. */
    static String message(MailView m, List<Map<String, Object>> lifecycle) {
        if (MailView.SMS.equals(m.channel())) {
            return page("SMS to " + m.to(), "", "<p><a href=\"/\">&larr; all messages</a></p><h1>SMS to "
                    + escape(m.to()) + "</h1><table><tr><th>From</th><td>" + escape(m.from()) + "</td></tr>"
                    + "<tr><th>Date</th><td>" + date(m) + "</td></tr></table><pre>" + escape(m.text()) + "</pre>");
        }
        StringBuilder body = new StringBuilder("<p><a href=\"/\">&larr; all messages</a> &middot; <a href=\"/messages/")
                .append(m.id()).append("/raw\">raw source</a></p>")
                .append("<h1>").append(escape(m.subject())).append("</h1><table>")
                .append("<tr><th>From</th><td>").append(escape(m.from())).append("</td></tr>")
                .append("<tr><th>To</th><td>").append(escape(m.to())).append("</td></tr>")
                .append("<tr><th>Date</th><td>").append(date(m)).append("</td></tr></table>");
        body.append("<h2>Text part</h2>").append(m.text() == null ? "<p class=\"muted\">none</p>"
                : "<pre>" + escape(m.text()) + "</pre>");
        // the HTML part is shown as the recipient would see it, in a sandbox: no scripts, no same-origin access
        body.append("<h2>HTML part</h2>").append(m.html() == null ? "<p class=\"muted\">none</p>"
                : "<iframe sandbox srcdoc=\"" + escape(m.html()) + "\"></iframe>"
                        + "<details><summary>HTML source</summary><pre>" + escape(m.html()) + "</pre></details>");
        if (!lifecycle.isEmpty()) {
            body.append("<h2>Message lifecycle</h2><table><tr><th>At</th><th>State</th><th>Attempt</th><th>Detail</th></tr>");
            for (Map<String, Object> row : lifecycle) {
                body.append("<tr><td>").append(escape(String.valueOf(row.get("at")))).append("</td><td>")
                        .append(escape(String.valueOf(row.get("state")))).append("</td><td>")
                        .append(escape(String.valueOf(row.get("attempt")))).append("</td><td>")
                        .append(row.get("detail") == null ? "" : escape(String.valueOf(row.get("detail")))).append("</td></tr>");
            }
            body.append("</table><p class=\"muted\">JSON: <a href=\"/api/messages/").append(m.id())
                    .append("/lifecycle\">/api/messages/").append(m.id()).append("/lifecycle</a>; the admin API: "
                            + "GET /admin/messages/{id}</p>");
        }
        return page(m.subject(), "", body.toString());
    }

    static String notFound() {
        return page("Not found", "", "<p>No such message. <a href=\"/\">All messages</a></p>");
    }

    private static String page(String title, String head, String body) {
        return "<!DOCTYPE html><html lang=\"en\"><head><meta charset=\"utf-8\"><title>" + escape(title)
                + "</title>" + head + "<style>" + STYLE + "</style></head><body>" + body + "</body></html>";
    }

    private static String channel(MailView m) {
        return MailView.SMS.equals(m.channel()) ? "SMS" : "e-mail";
    }

    private static String date(MailView m) {
        return m.date() == null ? "" : DATE.format(m.date());
    }

    static String escape(String s) {
        if (s == null) {
            return "";
        }
        StringBuilder out = new StringBuilder(s.length());
        for (char c : s.toCharArray()) {
            switch (c) {
                case '&' -> out.append("&amp;");
                case '<' -> out.append("&lt;");
                case '>' -> out.append("&gt;");
                case '"' -> out.append("&quot;");
                case '\'' -> out.append("&#39;");
                default -> out.append(c);
            }
        }
        return out.toString();
    }
}
