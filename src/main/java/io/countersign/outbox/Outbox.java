package io.countersign.outbox;

import java.time.OffsetDateTime;
import java.util.UUID;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.countersign.event.NotificationEvent;
import io.countersign.event.NotificationType;
import io.countersign.tracing.Tracing;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * Records notifications in the outbox. Call it inside the transaction that makes the change the
 * notification reports, so that both commit or neither does.
 */
@ApplicationScoped
public class Outbox {

    public static final String AGGREGATE_USER = "user";

    private final ObjectMapper json;
    private final Tracing tracing;

    public Outbox(ObjectMapper json, Tracing tracing) {
        this.json = json;
        this.tracing = tracing;
    }

    public Uni<OutboxEvent> record(NotificationType type, NotificationEvent event) {
        OutboxEvent row;
        try {
            row = prepare(type, event);
        } catch (IllegalStateException e) {
            return Uni.createFrom().failure(e);
        }
        return Panache.getSession().chain(session -> session.persist(row)).replaceWith(row);
    }

    /** The W3C {@code traceparent} an outbox row written now carries, or null (docs/tracing.md). */
    public String traceParent() {
        return tracing.currentTraceparent();
    }

    /**
     * The row {@link #record} persists, not yet stored: for the statements that insert it together with the change it
     * reports in one round trip (challenge/ChallengeStatements).
     */
    public OutboxEvent prepare(NotificationType type, NotificationEvent event) {
        OutboxEvent row = new OutboxEvent();
        row.id = UUID.randomUUID();
        row.aggregateType = AGGREGATE_USER;
        row.aggregateId = UUID.fromString(event.userId());
        row.type = type.cloudEventType();
        row.createdAt = OffsetDateTime.now();
        row.traceParent = tracing.currentTraceparent();
        try {
            row.payload = json.writeValueAsString(event);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot serialise a notification", e);
        }
        return row;
    }
}
