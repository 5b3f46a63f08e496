package io.countersign.notifier.lifecycle;

import java.util.Optional;
import java.util.UUID;

import io.countersign.event.NotificationType;
import io.countersign.notifier.Channel;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;

/** {@link DeliveryReports} on the lifecycle tables. */
@ApplicationScoped
public class MessageReports implements DeliveryReports {

    private static final String SENT = """
            with m as (update messages set state = 'sent', transport = $2, provider_message_id = $3, updated_at = now()
                       where id = $1 and state in ('queued', 'sending', 'deferred', 'sent') returning id, attempts)
            insert into message_history (message_id, state, attempt, detail)
            select id, 'sent', attempts, 'reported by ' || $2 from m""";
    /** $4: the new state, or null to keep it (a soft bounce is history only). */
    private static final String FEEDBACK = """
            with m as (update messages set state = coalesce($4, state), updated_at = now()
                       where transport = $1 and provider_message_id = $2
                       returning id, user_id, type, channel, attempts)
            , h as (insert into message_history (message_id, state, attempt, detail)
                    select id, $5, attempts, $3 from m)
            select id, user_id, type, channel from m""";

    private final Pool pool;
    private final MessageMetrics metrics;

    public MessageReports(Pool pool, MessageMetrics metrics) {
        this.pool = pool;
        this.metrics = metrics;
    }

    @Override
    public Uni<Boolean> sent(UUID messageId, String transport, String providerMessageId) {
        return pool.preparedQuery(SENT).execute(Tuple.of(messageId, transport, providerMessageId))
                .map(rows -> rows.rowCount() > 0);
    }

    @Override
    public Uni<Optional<ReportedMessage>> bounced(String transport, String providerMessageId, boolean hard, String detail) {
        return feedback(transport, providerMessageId, hard ? MessageState.BOUNCED : null,
                hard ? "bounced" : "soft_bounced", detail);
    }

    @Override
    public Uni<Optional<ReportedMessage>> complained(String transport, String providerMessageId, String detail) {
        return feedback(transport, providerMessageId, MessageState.COMPLAINED, "complained", detail);
    }

    private Uni<Optional<ReportedMessage>> feedback(String transport, String providerMessageId, MessageState state,
            String historyState, String detail) {
        return pool.preparedQuery(FEEDBACK)
                .execute(Tuple.tuple().addValue(transport).addValue(providerMessageId).addValue(detail)
                        .addValue(state == null ? null : state.wireName()).addValue(historyState))
                .map(rows -> rows.rowCount() == 0 ? Optional.<ReportedMessage>empty() : Optional.of(report(rows.iterator().next())))
                .invoke(found -> found.filter(m -> state != null).ifPresent(m -> metrics.entered(state,
                        NotificationType.fromWireName(m.type()).orElse(null), Channel.parse(m.channel()).orElse(null))));
    }

    private static ReportedMessage report(Row row) {
        return new ReportedMessage(row.getUUID("id"), row.getUUID("user_id"), row.getString("type"), row.getString("channel"));
    }
}
