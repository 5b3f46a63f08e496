package io.countersign.feedback;

import java.time.Duration;
import java.util.List;
import java.util.Optional;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/**
 * The delivery feedback webhooks (docs/providers.md). Each endpoint answers 404 until its provider is set up here:
 * SES needs the topic ARNs it may hear from, SendGrid its verification key, Postmark credentials, the generic
 * format a secret.
 */
@ConfigMapping(prefix = "countersign.feedback")
public interface FeedbackConfig {

    /** Amazon SES through SNS. */
    Ses ses();

    /** SendGrid Event Webhook. */
    SendGrid sendgrid();

    /** Postmark bounce and spam complaint webhooks. */
    Postmark postmark();

    /** The generic format, signed as Standard Webhooks. */
    Generic generic();

    interface Ses {

        /** ARNs of the SNS topics SES publishes feedback to; messages of any other topic are refused. None: endpoint off. */
        Optional<List<String>> topicArns();

        /** Regular expression the host of SigningCertURL and SubscribeURL must match in full. */
        @WithDefault("sns\\.[a-z0-9-]+\\.amazonaws\\.com")
        String certHostPattern();

        /** Scheme of those URLs; only tests use {@code http}. */
        @WithDefault("https")
        String certScheme();

        /** Confirm subscriptions to an allowed topic by fetching their SubscribeURL. */
        @WithDefault("true")
        boolean confirmSubscriptions();

        /** Time allowed to fetch a signing certificate or confirm a subscription. */
        @WithDefault("5s")
        Duration timeout();
    }

    interface SendGrid {

        /** The Event Webhook's verification key (base64 of the P-256 public key, as SendGrid shows it). None: endpoint off. */
        Optional<String> publicKey();

        /** Largest accepted difference between the signed timestamp and now. */
        @WithDefault("5m")
        Duration tolerance();
    }

    interface Postmark {

        /** Basic authentication user set in the webhook URL ({@code https://user:password@host/...}). */
        Optional<String> username();

        /** Basic authentication password. */
        Optional<String> password();

        /** Name of a custom header Postmark sends with the webhook (set in its webhook settings), instead of or with basic auth. */
        @WithDefault("X-Countersign-Webhook-Secret")
        String secretHeader();

        /** Value of that header. None and no basic credentials: endpoint off. */
        Optional<String> secret();
    }

    interface Generic {

        /** Standard Webhooks secret, {@code whsec_} and base64. None: endpoint off. */
        Optional<String> secret();

        /** Largest accepted difference between {@code webhook-timestamp} and now. */
        @WithDefault("5m")
        Duration tolerance();
    }
}
