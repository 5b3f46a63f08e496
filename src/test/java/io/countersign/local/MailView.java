package io.countersign.local;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Collectors;

import jakarta.mail.Address;
import jakarta.mail.Message;
import jakarta.mail.MessagingException;
import jakarta.mail.Multipart;
import jakarta.mail.Part;
import jakarta.mail.internet.MimeMessage;

/**
 * What a person wants to see of one caught message: headers plus its text and HTML bodies. An SMS has the
 * channel {@code sms}, its text as subject and text part, and no HTML part.
 */
record MailView(int id, String channel, String from, String to, String subject, Instant date, String text,
        String html) {

    static final String EMAIL = "email";
    static final String SMS = "sms";

    static MailView sms(int id, String from, String to, String text, Instant receivedAt) {
        return new MailView(id, SMS, from == null ? "" : from, to, text, receivedAt, text, null);
    }

    static MailView of(int id, MimeMessage message) {
        try {
            Bodies bodies = new Bodies();
            bodies.collect(message);
            Instant date = message.getSentDate() != null ? message.getSentDate().toInstant()
                    : message.getReceivedDate() != null ? message.getReceivedDate().toInstant() : null;
            return new MailView(id, EMAIL, addresses(message.getFrom()),
                    addresses(message.getRecipients(Message.RecipientType.TO)),
                    message.getSubject() == null ? "" : message.getSubject(),
                    date, bodies.text, bodies.html);
        } catch (MessagingException | IOException e) {
            return new MailView(id, EMAIL, "?", "?", "(unreadable message: " + e.getMessage() + ")", null, null, null);
        }
    }

    static String raw(MimeMessage message) {
        try {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            message.writeTo(out);
            return out.toString(StandardCharsets.UTF_8);
        } catch (MessagingException | IOException e) {
            return "(unreadable message: " + e.getMessage() + ")";
        }
    }

    private static String addresses(Address[] addresses) {
        if (addresses == null) {
            return "";
        }
        return Arrays.stream(addresses).map(Address::toString).collect(Collectors.joining(", "));
    }

    List<String> parts() {
        return List.of(text == null ? "" : "text/plain", html == null ? "" : "text/html").stream()
                .filter(p -> !p.isEmpty()).toList();
    }

    /** Walks the MIME tree and keeps the first text/plain and the first text/html part. */
    private static final class Bodies {
        String text;
        String html;

        void collect(Part part) throws MessagingException, IOException {
            if (part.isMimeType("multipart/*")) {
                Multipart multipart = (Multipart) part.getContent();
                for (int i = 0; i < multipart.getCount(); i++) {
                    collect(multipart.getBodyPart(i));
                }
            } else if (Part.ATTACHMENT.equalsIgnoreCase(part.getDisposition())) {
                return;
            } else if (part.isMimeType("text/plain") && text == null) {
                text = String.valueOf(part.getContent());
            } else if (part.isMimeType("text/html") && html == null) {
                html = String.valueOf(part.getContent());
            }
        }
    }
}
