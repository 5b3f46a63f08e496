package io.countersign.notifier.email;

import java.util.UUID;

import io.countersign.notifier.DeliveryFailure;
import io.quarkus.mailer.Mail;
import io.quarkus.mailer.reactive.ReactiveMailer;
import io.smallrye.mutiny.Uni;

/**
 * Sends over SMTP (quarkus-mailer). The Message-ID is set here, so that it can be returned as the message id;
 * any SMTP failure is a retryable {@link DeliveryFailure}.
 */
public class SmtpEmailSender implements EmailSender {

    private final ReactiveMailer mailer;
    private final String domain;

    public SmtpEmailSender(ReactiveMailer mailer, String from) {
        this.mailer = mailer;
        this.domain = MailAddress.parse(from).domain();
    }

    @Override
    public Uni<String> send(RenderedEmail email) {
        String messageId = "<" + UUID.randomUUID() + "@" + domain + ">";
        Mail mail = Mail.withHtml(email.to(), email.subject(), email.html()).setText(email.text())
                .addHeader("Message-ID", messageId);
        return mailer.send(mail)
                .onFailure().transform(e -> new DeliveryFailure("SMTP: " + e.getClass().getSimpleName()
                        + (e.getMessage() == null ? "" : " " + e.getMessage()), e))
                .replaceWith(messageId);
    }

    @Override
    public String provider() {
        return "smtp";
    }
}
