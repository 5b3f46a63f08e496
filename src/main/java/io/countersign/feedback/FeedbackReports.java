package io.countersign.feedback;

import java.util.ArrayList;
import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;

import io.countersign.user.EmailSuppressions;
import io.countersign.user.EmailSuppressions.Feedback;

/**
 * Reads each provider's report into {@link Feedback}: which address, hard bounce, soft bounce or complaint, the
 * provider's message id and an event key for deduplication. Events that are not bounces or complaints (deliveries,
 * opens, ...) give nothing. {@link IllegalArgumentException} for a report that is not of the provider's shape.
 */
final class FeedbackReports {

    static final String SES = "ses";
    static final String SENDGRID = "sendgrid";
    static final String POSTMARK = "postmark";
    static final String GENERIC = "generic";

    private FeedbackReports() {
    }

    /** The SES notification in an SNS message's {@code Message} (notificationType, or eventType with event publishing). */
    static List<Feedback> ses(JsonNode notification, String snsMessageId) {
        String type = notification.path("notificationType").asText(notification.path("eventType").asText(""));
        String messageId = text(notification.path("mail").path("messageId"));
        List<Feedback> reports = new ArrayList<>();
        if ("Bounce".equals(type)) {
            JsonNode bounce = notification.path("bounce");
            String kind = "Permanent".equals(bounce.path("bounceType").asText()) ? EmailSuppressions.HARD_BOUNCE : EmailSuppressions.SOFT_BOUNCE;
            String key = bounce.path("feedbackId").asText(snsMessageId);
            String detail = bounce.path("bounceType").asText("") + "/" + bounce.path("bounceSubType").asText("");
            for (JsonNode recipient : array(bounce.path("bouncedRecipients"))) {
                reports.add(new Feedback(SES, key, address(recipient.path("emailAddress")), kind, messageId, detail));
            }
        } else if ("Complaint".equals(type)) {
            JsonNode complaint = notification.path("complaint");
            String key = complaint.path("feedbackId").asText(snsMessageId);
            String detail = complaint.path("complaintFeedbackType").asText("complaint");
            for (JsonNode recipient : array(complaint.path("complainedRecipients"))) {
                reports.add(new Feedback(SES, key, address(recipient.path("emailAddress")), EmailSuppressions.COMPLAINT, messageId, detail));
            }
        } else if (type.isEmpty()) {
            throw new IllegalArgumentException("not an SES notification");
        }
        return reports;
    }

    /** A SendGrid Event Webhook batch: bounce (blocked: soft), deferred (soft), spamreport (complaint). */
    static List<Feedback> sendGrid(JsonNode events) {
        if (!events.isArray()) {
            throw new IllegalArgumentException("not an array of events");
        }
        List<Feedback> reports = new ArrayList<>();
        for (JsonNode event : events) {
            String kind = switch (event.path("event").asText("")) {
                case "bounce" -> "blocked".equals(event.path("type").asText()) ? EmailSuppressions.SOFT_BOUNCE : EmailSuppressions.HARD_BOUNCE;
                case "deferred" -> EmailSuppressions.SOFT_BOUNCE;
                case "spamreport" -> EmailSuppressions.COMPLAINT;
                default -> null;
            };
            if (kind != null) {
                String address = address(event.path("email"));
                String key = event.path("sg_event_id").asText(event.path("timestamp").asText("") + ":" + address);
                reports.add(new Feedback(SENDGRID, key, address, kind, text(event.path("sg_message_id")),
                        event.path("event").asText() + (event.hasNonNull("status") ? " " + event.path("status").asText() : "")));
            }
        }
        return reports;
    }

    /** A Postmark bounce or spam complaint webhook. */
    static List<Feedback> postmark(JsonNode record) {
        if (!record.isObject() || !record.has("Type")) {
            throw new IllegalArgumentException("not a Postmark bounce or spam complaint");
        }
        String type = record.path("Type").asText();
        String kind = switch (type) {
            case "HardBounce", "BadEmailAddress" -> EmailSuppressions.HARD_BOUNCE;
            case "SpamComplaint", "SpamNotification" -> EmailSuppressions.COMPLAINT;
            case "SoftBounce", "Transient", "DnsError" -> EmailSuppressions.SOFT_BOUNCE;
            default -> null;
        };
        if (kind == null) {
            return List.of();
        }
        return List.of(new Feedback(POSTMARK, record.path("ID").asText(), address(record.path("Email")), kind,
                text(record.path("MessageID")), type));
    }

    /** Our generic format: {@code {"type": "hard_bounce"|"soft_bounce"|"complaint", "email", "messageId"?, "detail"?}}. */
    static List<Feedback> generic(JsonNode report, String webhookId) {
        String kind = report.path("type").asText("");
        if (!List.of(EmailSuppressions.HARD_BOUNCE, EmailSuppressions.SOFT_BOUNCE, EmailSuppressions.COMPLAINT).contains(kind)) {
            throw new IllegalArgumentException("type must be hard_bounce, soft_bounce or complaint");
        }
        String detail = text(report.path("detail"));
        return List.of(new Feedback(GENERIC, webhookId, address(report.path("email")), kind, text(report.path("messageId")),
                detail == null ? null : detail.substring(0, Math.min(detail.length(), 200))));
    }

    private static Iterable<JsonNode> array(JsonNode node) {
        if (!node.isArray()) {
            throw new IllegalArgumentException("recipients missing");
        }
        return node;
    }

    private static String address(JsonNode node) {
        String value = node.asText("").strip();
        int at = value.lastIndexOf('@');
        if (at < 1 || at == value.length() - 1 || value.length() > 320) {
            throw new IllegalArgumentException("not an email address");
        }
        return value;
    }

    private static String text(JsonNode node) {
        return node == null || node.isMissingNode() || node.isNull() ? null : node.asText();
    }
}
