package io.countersign.notifier.email;

import java.time.Clock;
import java.util.Locale;

import com.fasterxml.jackson.databind.ObjectMapper;

import io.quarkus.mailer.reactive.ReactiveMailer;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;

/** Chooses the {@link EmailSender} named by {@code countersign.notifier.email.provider}. */
public class EmailSenderProducer {

    @Produces
    @ApplicationScoped
    EmailSender sender(EmailConfig config, ReactiveMailer mailer, ObjectMapper json) {
        return create(config, mailer, json);
    }

    static EmailSender create(EmailConfig config, ReactiveMailer mailer, ObjectMapper json) {
        return switch (config.provider().strip().toLowerCase(Locale.ROOT)) {
            case "smtp" -> new SmtpEmailSender(mailer);
            case "sendgrid" -> new SendGridEmailSender(config, json);
            case "postmark" -> new PostmarkEmailSender(config, json);
            case "ses" -> new SesEmailSender(config, json, Clock.systemUTC());
            case "mailgun" -> new MailgunEmailSender(config, json);
            default -> throw new IllegalStateException(
                    "countersign.notifier.email.provider must be smtp, sendgrid, postmark, ses or mailgun, not " + config.provider());
        };
    }
}
