package io.countersign.notifier.lifecycle;

import java.util.List;
import java.util.UUID;

import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;

/** Reads the message lifecycle for the admin endpoints and the local run. */
@ApplicationScoped
public class MessageQueries {

    private static final String COLUMNS = "id, user_id, type, channel, transport, recipient, state, attempts, "
            + "provider_message_id, reason, next_attempt_at, replays, created_at, updated_at";
    private static final String OF_USER = "select " + COLUMNS + " from messages where user_id = $1 "
            + "order by created_at desc, id limit $2";
    private static final String ONE = "select " + COLUMNS + " from messages where id = $1";
    private static final String HISTORY = "select at, state, attempt, detail from message_history where message_id = $1 "
            + "order by id";

    private final Pool pool;

    public MessageQueries(Pool pool) {
        this.pool = pool;
    }

    /** An account's messages, newest first. */
    public Uni<List<MessageView>> ofUser(UUID userId, int limit) {
        return pool.preparedQuery(OF_USER).execute(Tuple.of(userId, limit))
                .map(rows -> rows.stream().map(MessageQueries::view).toList());
    }

    /** One message and its history, or null when there is no such message. */
    public Uni<MessageDetails> details(UUID id) {
        return pool.preparedQuery(ONE).execute(Tuple.of(id))
                .chain(rows -> rows.rowCount() == 0 ? Uni.createFrom().nullItem()
                        : pool.preparedQuery(HISTORY).execute(Tuple.of(id))
                                .map(history -> new MessageDetails(view(rows.iterator().next()),
                                        history.stream().map(MessageQueries::entry).toList())));
    }

    private static MessageView view(Row r) {
        return new MessageView(r.getUUID("id"), r.getUUID("user_id"), r.getString("type"), r.getString("channel"),
                r.getString("transport"), r.getString("recipient"), r.getString("state"), r.getInteger("attempts"),
                r.getString("provider_message_id"), r.getString("reason"), r.getOffsetDateTime("next_attempt_at"),
                r.getInteger("replays"), r.getOffsetDateTime("created_at"), r.getOffsetDateTime("updated_at"));
    }

    private static MessageHistoryView entry(Row r) {
        return new MessageHistoryView(r.getOffsetDateTime("at"), r.getString("state"), r.getInteger("attempt"),
                r.getString("detail"));
    }
}
