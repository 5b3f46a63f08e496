package io.countersign.notifier.email;

import io.countersign.notifier.DeliveryFailure;
import io.quarkus.mailer.Mail;
import io.quarkus.mailer.reactive.ReactiveMailer;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;

/** Sends rendered emails over SMTP (quarkus-mailer); any failure is a retryable {@link DeliveryFailure}. */
@ApplicationScoped
public class EmailSender {

    private final ReactiveMailer mailer;

    public EmailSender(ReactiveMailer mailer) {
        this.mailer = mailer;
    }

    public Uni<Void> send(RenderedEmail email) {
        Mail mail = Mail.withHtml(email.to(), email.subject(), email.html()).setText(email.text());
        return mailer.send(mail)
                .onFailure().transform(e -> new DeliveryFailure("SMTP: " + e.getClass().getSimpleName()
                        + (e.getMessage() == null ? "" : " " + e.getMessage()), e));
    }
}
