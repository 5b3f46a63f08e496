package io.countersign.notifier.email;

import java.util.Set;
import java.util.UUID;

import io.countersign.notifier.DeliveryFailure;
import io.countersign.notifier.PermanentFailure;
import io.quarkus.mailer.Mail;
import io.quarkus.mailer.reactive.ReactiveMailer;
import io.smallrye.mutiny.Uni;
import io.vertx.ext.mail.SMTPException;

/**
 * Sends over SMTP (quarkus-mailer) under a Message-ID of ours, {@code <notification id@countersign>}, which it
 * answers as the provider's message id. A reply that refuses this message for good (550-556: unknown or rejected
 * recipient, refused content) is a {@link PermanentFailure}; anything else (no connection, a 4xx, an
 * authentication or protocol error of the relay) is a {@link DeliveryFailure} of the transport, waited out.
 */
public class SmtpEmailSender implements EmailSender {

    public static final String TRANSPORT = "smtp";
    private static final Set<Integer> REFUSES_THE_MESSAGE = Set.of(550, 551, 552, 553, 554, 555, 556);

    private final ReactiveMailer mailer;

    public SmtpEmailSender(ReactiveMailer mailer) {
        this.mailer = mailer;
    }

    @Override
    public Uni<String> send(RenderedEmail email, UUID notificationId) {
        String messageId = "<" + notificationId + "@countersign>";
        Mail mail = Mail.withHtml(email.to(), email.subject(), email.html()).setText(email.text())
                .addHeader("Message-ID", messageId);
        return mailer.send(mail)
                .onFailure().transform(SmtpEmailSender::classify)
                .replaceWith(messageId);
    }

    @Override
    public String transport() {
        return TRANSPORT;
    }

    private static RuntimeException classify(Throwable e) {
        Throwable cause = e;
        while (cause != null && !(cause instanceof SMTPException)) {
            cause = cause.getCause();
        }
        if (cause instanceof SMTPException smtp && REFUSES_THE_MESSAGE.contains(smtp.getReplyCode())) {
            return new PermanentFailure("SMTP refused the message: " + smtp.getReplyCode(), e);
        }
        return new DeliveryFailure(TRANSPORT, "SMTP: " + e.getClass().getSimpleName()
                + (e.getMessage() == null ? "" : " " + e.getMessage()), e);
    }
}
