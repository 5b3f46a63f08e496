package io.countersign.notifier.email;

import java.util.Set;
import java.util.UUID;

import io.countersign.notifier.DeliveryFailure;
import io.countersign.notifier.PermanentFailure;
import io.quarkus.mailer.Mail;
import io.quarkus.mailer.reactive.ReactiveMailer;
import io.smallrye.mutiny.Uni;
import io.vertx.ext.mail.SMTPException;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * Sends rendered emails over SMTP (quarkus-mailer) under a Message-ID of ours, which it answers as the provider's
 * message id (bounces refer to it). A reply that refuses this message for good (550-556: unknown or rejected
 * recipient, refused content) is a {@link PermanentFailure}; anything else (no connection, a 4xx, an
 * authentication or protocol error of the relay) is a {@link DeliveryFailure} of the transport, waited out.
 */
@ApplicationScoped
public class EmailSender {

    public static final String TRANSPORT = "smtp";
    private static final Set<Integer> REFUSES_THE_MESSAGE = Set.of(550, 551, 552, 553, 554, 555, 556);

    private final ReactiveMailer mailer;

    public EmailSender(ReactiveMailer mailer) {
        this.mailer = mailer;
    }

    /** The transport's name in the message lifecycle and the circuit breaker. */
    public String transport() {
        return TRANSPORT;
    }

    /** Sends the notification with this id; answers the Message-ID, {@code <id@countersign>}. */
    public Uni<String> send(RenderedEmail email, UUID notificationId) {
        String messageId = "<" + notificationId + "@countersign>";
        Mail mail = Mail.withHtml(email.to(), email.subject(), email.html()).setText(email.text())
                .addHeader("Message-ID", messageId);
        return mailer.send(mail)
                .onFailure().transform(EmailSender::classify)
                .replaceWith(messageId);
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
