package io.countersign.notifier.lifecycle;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.UUID;

import io.countersign.notifier.Notification;
import io.countersign.notifier.Route;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.RowSet;
import io.vertx.mutiny.sqlclient.SqlClient;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * The notifier's writes to the message lifecycle ({@code messages} and {@code message_history}, V600). Each change
 * of state is one statement that updates the message and appends its history row; a change is refused (no row)
 * when the message is already in a final state, which is how a redelivered event is recognised. Never stores the
 * secret, the token, the code or the body; the address is masked.
 */
@ApplicationScoped
public class MessageLog {

    private static final String OPEN = "('queued', 'sending', 'deferred')";
    /*
     * RECEIVED and SENDING commit asynchronously (synchronous_commit off for their own transaction, in the same
     * statement; the async_commit CTE is referenced so that it runs), as ProcessedEvents' claim does: the notifier does
     * not wait for a disk flush per lifecycle step (issue 19: two flushes per message held the notification latency at
     * 200/s to seconds on a slow disk). Only a crash of the database server can lose the last fraction of a second of
     * these records; the event's Kafka offset is then not committed either, and its redelivery writes them again.
     */
    /**
     * {@code for share} waits for a replay that is moving this message back to queued (it commits only after the
     * broker acked the record this consumer may already be reading), so the record is not taken for a duplicate.
     */
    static final String RECEIVED = """
            with async_commit as (select set_config('synchronous_commit', 'off', true)),
                 created as (insert into messages (id, user_id, type, state) select $1::uuid, $2::uuid, $3::text, 'queued' from async_commit
                             on conflict (id) do nothing returning id),
                 history as (insert into message_history (message_id, state) select id, 'queued' from created),
                 existing as (select state from messages where id = $1 for share)
            select coalesce((select state from existing), 'queued') as state""";
    static final String SENDING = """
            with async_commit as (select set_config('synchronous_commit', 'off', true)),
                 m as (update messages set state = 'sending', attempts = attempts + 1, channel = $2, transport = $3,
                              recipient = $4, reason = null, next_attempt_at = null, updated_at = now()
                       where id = $1 and state in""" + OPEN + """
                         and exists (select 1 from async_commit) returning id, attempts)
            insert into message_history (message_id, state, attempt, detail)
            select id, 'sending', attempts, $3 from m returning attempt""";
    private static final String CHANGE = """
            with m as (update messages set state = $2, reason = $3, next_attempt_at = $4,
                              provider_message_id = coalesce($5, provider_message_id), updated_at = now()
                       where id = $1 and state in""" + OPEN + """
                        returning id, attempts)
            insert into message_history (message_id, state, attempt, detail)
            select id, $2, attempts, $6 from m returning attempt""";

    /** Not sent on purpose: routed (channel, masked recipient) but handed to no transport. */
    private static final String SUPPRESSED = """
            with m as (update messages set state = 'suppressed', channel = $2, transport = null, recipient = $3, reason = $4,
                              next_attempt_at = null, updated_at = now()
                       where id = $1 and state in""" + OPEN + """
                        returning id, attempts)
            insert into message_history (message_id, state, attempt, detail)
            select id, 'suppressed', attempts, $4 from m returning attempt""";

    private static final String REQUEUED = """
            with m as (update messages set state = 'queued', replays = replays + 1, reason = null, next_attempt_at = null,
                              updated_at = now()
                       where id = $1 and state = 'dead_lettered' returning id, attempts)
            insert into message_history (message_id, state, attempt, detail)
            select id, 'queued', attempts, $2 from m returning attempt""";

    private final Pool pool;

    public MessageLog(Pool pool) {
        this.pool = pool;
    }

    /** First sight of a notification: creates it as queued; answers its current state. */
    public Uni<MessageState> received(Notification notification) {
        return pool.preparedQuery(RECEIVED)
                .execute(Tuple.of(notification.eventId(), UUID.fromString(notification.event().userId()),
                        notification.type().wireName()))
                .map(rows -> MessageState.fromWireName(rows.iterator().next().getString("state")));
    }

    /** An attempt starts; answers its number, or null when the message is already final (a duplicate). */
    public Uni<Integer> sending(Notification notification, Route route, String transport) {
        return pool.preparedQuery(SENDING)
                .execute(Tuple.of(notification.eventId(), route.channel().tag(), transport, Recipients.mask(route.address())))
                .map(MessageLog::attempt);
    }

    /** Sent, inside the transaction that records the event as processed. */
    public Uni<Integer> sent(SqlClient transaction, UUID id, String providerMessageId, String detail) {
        return change(transaction, id, MessageState.SENT, null, null, providerMessageId, detail);
    }

    /**
     * Not sent on purpose (the reason says why: an undeliverable address, the SMS guard), inside the transaction that
     * records the event as processed; null when the message is already final.
     */
    public Uni<Integer> suppressed(SqlClient transaction, UUID id, Route route, String reason) {
        return transaction.preparedQuery(SUPPRESSED)
                .execute(Tuple.of(id, route.channel().tag(), Recipients.mask(route.address()), reason))
                .map(MessageLog::attempt);
    }

    /** Not sent because its token expired, inside the transaction that records the event as processed. */
    public Uni<Integer> expired(SqlClient transaction, UUID id) {
        return change(transaction, id, MessageState.EXPIRED, "token expired before delivery", null, null, null);
    }

    /** Waiting for the next attempt; the reason names the failure (never a secret). */
    public Uni<Integer> deferred(UUID id, String reason, Instant nextAttempt) {
        return change(pool, id, MessageState.DEFERRED, reason, nextAttempt, null, reason);
    }

    /** Sent to the dead-letter topic with this reason. */
    public Uni<Integer> deadLettered(UUID id, String reason) {
        return change(pool, id, MessageState.DEAD_LETTERED, reason, null, null, reason);
    }

    /** Dead-lettered → queued, for a replay, in its transaction; null when the message is not dead-lettered. */
    public Uni<Integer> requeued(SqlClient transaction, UUID id, String detail) {
        return transaction.preparedQuery(REQUEUED).execute(Tuple.of(id, detail)).map(MessageLog::attempt);
    }

    private static Uni<Integer> change(SqlClient client, UUID id, MessageState state, String reason, Instant next,
            String providerMessageId, String detail) {
        return client.preparedQuery(CHANGE)
                .execute(Tuple.tuple().addValue(id).addValue(state.wireName()).addValue(reason)
                        .addValue(next == null ? null : OffsetDateTime.ofInstant(next, ZoneOffset.UTC))
                        .addValue(providerMessageId).addValue(detail))
                .map(MessageLog::attempt);
    }

    private static Integer attempt(RowSet<Row> rows) {
        return rows.rowCount() == 0 ? null : rows.iterator().next().getInteger("attempt");
    }
}
