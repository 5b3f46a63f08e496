package io.countersign.notifier.email;

import java.time.Duration;
import java.util.Optional;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** How notification e-mail leaves: SMTP (quarkus-mailer) or one provider's HTTP API (docs/providers.md). */
@ConfigMapping(prefix = "countersign.notifier.email")
public interface EmailConfig {

    /** {@code smtp} (quarkus-mailer, {@code quarkus.mailer.*}), {@code sendgrid}, {@code postmark}, {@code ses} or {@code mailgun}. */
    @WithDefault("smtp")
    String provider();

    /** Sender of the HTTP API providers, {@code Name <address>} or a bare address (SMTP uses {@code quarkus.mailer.from}). */
    @WithDefault("Countersign <no-reply@countersign.local>")
    String from();

    /** Time allowed for one API request (connect and answer); a timeout is a retryable failure. */
    @WithDefault("10s")
    Duration timeout();

    /** SendGrid v3 mail/send. */
    SendGrid sendgrid();

    /** Postmark /email. */
    Postmark postmark();

    /** Amazon SES v2 SendEmail, signed with AWS Signature Version 4. */
    Ses ses();

    /** Mailgun messages API. */
    Mailgun mailgun();

    interface SendGrid {

        /** API base URL. */
        @WithDefault("https://api.sendgrid.com")
        String baseUrl();

        /** API key with the Mail Send permission (sent as a bearer token). */
        Optional<String> apiKey();
    }

    interface Postmark {

        /** API base URL. */
        @WithDefault("https://api.postmarkapp.com")
        String baseUrl();

        /** Server API token ({@code X-Postmark-Server-Token}). */
        Optional<String> serverToken();

        /** Message stream of transactional mail. */
        @WithDefault("outbound")
        String messageStream();
    }

    interface Ses {

        /** AWS region, e.g. {@code eu-west-1}. */
        @WithDefault("us-east-1")
        String region();

        /** Endpoint; default {@code https://email.<region>.amazonaws.com}. */
        Optional<String> endpoint();

        /** Access key id of the IAM credentials allowed {@code ses:SendEmail}. */
        Optional<String> accessKeyId();

        /** Secret access key of those credentials. */
        Optional<String> secretAccessKey();

        /** Session token, for temporary credentials only. */
        Optional<String> sessionToken();

        /** Configuration set whose event destination publishes bounces and complaints (to SNS). */
        Optional<String> configurationSet();
    }

    interface Mailgun {

        /** API base URL; {@code https://api.eu.mailgun.net} for an EU domain. */
        @WithDefault("https://api.mailgun.net")
        String baseUrl();

        /** Sending domain. */
        Optional<String> domain();

        /** API key (basic authentication as user {@code api}). */
        Optional<String> apiKey();
    }
}
