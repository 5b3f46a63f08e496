package io.countersign.notifier.lifecycle;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.UUID;

import org.junit.jupiter.api.Test;

import io.countersign.testing.Sql;
import io.quarkus.test.junit.QuarkusTest;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.inject.Inject;

/**
 * The two lifecycle steps a notification passes before it is sent (queued, sending) commit without waiting for a
 * disk flush (issue 19: the notification latency at 200/s), and still write what they wrote before: each statement
 * is run in a transaction that then asks PostgreSQL for its {@code synchronous_commit}.
 */
@QuarkusTest
class MessageLogCommitTest {

    private static final Duration WAIT = Duration.ofSeconds(10);

    @Inject
    Pool pool;

    @Test
    void queuedAndSendingCommitAsynchronouslyAndWriteTheirRows() {
        UUID message = UUID.randomUUID();
        assertThat(runThenAsk(MessageLog.RECEIVED, Tuple.of(message, UUID.randomUUID(), "sendResetPwd"))).isEqualTo("off");
        assertThat(Sql.column("select state || ':' || (select count(*) from message_history h where h.message_id = m.id) "
                + "from messages m where id = ?::uuid", message.toString())).isEqualTo("queued:1");

        assertThat(runThenAsk(MessageLog.SENDING, Tuple.of(message, "email", "smtp", "a***@example.com"))).isEqualTo("off");
        assertThat(Sql.column("select state || ':' || attempts || ':' || recipient from messages where id = ?::uuid", message.toString()))
                .isEqualTo("sending:1:a***@example.com");
        assertThat(Sql.column("select string_agg(state, ',' order by id) from message_history where message_id = ?::uuid", message.toString()))
                .isEqualTo("queued,sending");
    }

    @Test
    void aRedeliveredEventStillFindsItsMessage() {
        UUID message = UUID.randomUUID();
        Tuple received = Tuple.of(message, UUID.randomUUID(), "sendResetPwd");
        runThenAsk(MessageLog.RECEIVED, received);
        Sql.update("update messages set state = 'sent' where id = ?::uuid", message.toString());
        String state = pool.preparedQuery(MessageLog.RECEIVED).execute(received)
                .map(rows -> rows.iterator().next().getString("state")).await().atMost(WAIT);
        assertThat(state).isEqualTo("sent");
        assertThat(Sql.column("select count(*) from message_history where message_id = ?::uuid", message.toString())).isEqualTo("1");
    }

    /** Runs the statement in a transaction, then reads that transaction's synchronous_commit, then commits. */
    private String runThenAsk(String sql, Tuple parameters) {
        return pool.withTransaction(c -> c.preparedQuery(sql).execute(parameters)
                .chain(() -> c.query("show synchronous_commit").execute()))
                .map(rows -> rows.iterator().next().getString(0)).await().atMost(WAIT);
    }
}
