package io.countersign.local;

import java.util.Locale;

import io.countersign.testing.Infra;

/** The banner the local run prints once the application is ready: where everything is. */
final class LocalSummary {

    private LocalSummary() {
    }

    static String render(LocalSettings settings, Infra.Postgres db, String kafkaBootstrap, long appMillis,
            long totalMillis) {
        String api = settings.apiUrl();
        String mailbox = "http://localhost:" + settings.mailboxPort();
        return String.format(Locale.ROOT, """

                ────────────────────────────────────────────────────────────────────────
                 Countersign is up (application %.1f s, everything %.1f s)
                   API          %s/
                   Swagger UI   %s/q/swagger-ui
                   OpenAPI      %s/q/openapi
                   Health       %s/q/health/ready
                   Metrics      %s/q/metrics
                   Mailbox      %s/   (e-mail and SMS; JSON %s/api/messages; SMTP 127.0.0.1:%d)
                   PostgreSQL   psql -h %s -p %d -U %s %s   (data kept in %s)
                   Kafka        %s   (ephemeral; the outbox in PostgreSQL is the source of truth)
                   Secrets      %s
                 Ctrl-C stops everything.
                ────────────────────────────────────────────────────────────────────────
                %n""", appMillis / 1000.0, totalMillis / 1000.0, api, api, api, api, api, mailbox, mailbox,
                settings.smtpPort(), db.host(), db.port(), db.user(), db.database(),
                settings.root().relativize(settings.postgresData()), kafkaBootstrap,
                settings.root().relativize(settings.secretsFile()));
    }
}
