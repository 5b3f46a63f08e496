package io.countersign.notifier;

import java.time.Duration;
import java.util.Optional;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** The notifier: links, retries and the SMS gateway. Kafka settings live under {@code mp.messaging.incoming.notifications}. */
@ConfigMapping(prefix = "countersign.notifier")
public interface NotifierConfig {

    /** Product name used in greetings, footers and SMS prefixes. */
    @WithDefault("Countersign")
    String productName();

    /** Language used when the recipient's locale has no translation. */
    @WithDefault("en")
    String defaultLocale();

    /** Where the links in notifications point. */
    Links links();

    /** Backoff between attempts, and how often a message may fail on its own before it goes to the dead-letter topic. */
    Retry retry();

    /** The circuit breakers of the transports and the database. */
    Circuit circuit();

    /** The SMS gateway. */
    Sms sms();

    /**
     * Notifications one process works on at once, over all its consumers ({@code NOTIFIER_CONCURRENCY}): a consumer
     * takes its next record while earlier ones are still being sent, until this many are unfinished. One user's
     * notifications are still sent one after the other, in order. During an outage of a transport or the database,
     * this many are held (deferred) and nothing further is taken. At most one fewer than the database pool's
     * connections ({@code DB_POOL_MAX}): each notification being sent holds one.
     */
    @WithDefault("32")
    int inFlight();

    /** Processed event ids older than this are forgotten; keep it longer than the topic's retention. */
    @WithDefault("P30D")
    Duration processedRetention();

    interface Links {

        /** Public base URL of the pages that handle the links, without a trailing slash. */
        @WithDefault("http://localhost:8080")
        String baseUrl();

        /** Path of the sign-up verification page (resendVerifySignup). */
        @WithDefault("/pages/verify")
        String verifyPath();

        /** Path of the password reset page (sendResetPwd, identityChangeReverted). */
        @WithDefault("/pages/reset")
        String resetPath();

        /** Path of the page confirming an email/phone change (identityChange). */
        @WithDefault("/pages/identity/confirm")
        String identityConfirmPath();

        /** Path of the page reverting an email/phone change (identityChangeRevert). */
        @WithDefault("/pages/identity/revert")
        String identityRevertPath();

        /**
         * Path under which the generic self-service page serves each process ({@code <path>/<process>}): the link of a
         * message sent by a self-service validation stage goes there, with the code, to continue that process.
         */
        @WithDefault("/pages/selfservice")
        String selfservicePath();
    }

    interface Retry {

        /**
         * Failures a message may have on its own (the transport or the database served other messages between two of
         * its failures) before it goes to the dead-letter topic; failures during an outage do not count.
         */
        @WithDefault("5")
        int maxRetries();

        /** Delay before the first retry, and the first open period of a circuit; doubles (with jitter) up to the max. */
        @WithDefault("1s")
        Duration initialBackoff();

        /** Upper bound of the delay between retries and of a circuit's open period (how often an outage is probed). */
        @WithDefault("30s")
        Duration maxBackoff();
    }

    interface Circuit {

        /** Failures in a row (of any messages) that open a dependency's circuit: nobody tries it until it is probed. */
        @WithDefault("3")
        int failureThreshold();
    }

    interface Sms {

        /** {@code log} (development: logs that an SMS to a masked number was sent, never its text) or {@code http}. */
        @WithDefault("log")
        String gateway();

        /** The HTTP gateway. */
        Http http();
    }

    interface Http {

        /** Endpoint of the SMS provider. */
        Optional<String> url();

        /** {@code json}: a generic webhook, {@code {"to","from","text"}}; {@code twilio}: a form POST with To, From, Body. */
        @WithDefault("json")
        String format();

        /** Sender id or number. */
        Optional<String> from();

        /** Basic authentication user (Twilio: the account SID). */
        Optional<String> username();

        /** Basic authentication password (Twilio: the auth token). */
        Optional<String> password();

        /** Bearer token, sent instead of basic authentication when set. */
        Optional<String> bearerToken();

        /** Time allowed for one request. */
        @WithDefault("10s")
        Duration timeout();
    }
}
