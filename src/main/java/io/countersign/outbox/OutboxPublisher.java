package io.countersign.outbox;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import org.apache.kafka.common.header.internals.RecordHeaders;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.eclipse.microprofile.reactive.messaging.Channel;
import org.eclipse.microprofile.reactive.messaging.Message;

import io.countersign.config.RelayConfig;
import io.countersign.tracing.Tracing;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanKind;
import io.smallrye.mutiny.Uni;
import io.smallrye.reactive.messaging.MutinyEmitter;
import io.smallrye.reactive.messaging.ce.OutgoingCloudEventMetadata;
import io.smallrye.reactive.messaging.kafka.api.OutgoingKafkaRecordMetadata;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.RowSet;
import io.vertx.mutiny.sqlclient.SqlConnection;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * Publishes one batch of unpublished outbox rows as CloudEvents (binary mode: {@code ce_*} headers, the
 * data as the JSON value, key = user id) and marks them published once the broker has acknowledged every
 * one of them. The rows stay locked ({@code FOR UPDATE SKIP LOCKED}) until then, so several relays never
 * publish the same row concurrently; on any failure the transaction rolls back and the rows are tried again.
 * Each record is sent in a producer span, a child of the request that wrote the row (its stored
 * {@code trace_parent}), and carries that span as a W3C {@code traceparent} header (docs/tracing.md).
 */
@ApplicationScoped
public class OutboxPublisher {

    private static final String CLAIM = """
            select id, aggregate_id, type, payload::text as payload, created_at, trace_parent
            from outbox where published_at is null
            order by created_at limit $1
            for update skip locked""";
    private static final String MARK = "update outbox set published_at = now() where id = any($1)";

    private final Pool pool;
    private final MutinyEmitter<String> emitter;
    private final RelayConfig config;
    private final URI source;
    private final Tracing tracing;
    private final String spanName;

    public OutboxPublisher(Pool pool, @Channel(NotificationChannels.OUTGOING) MutinyEmitter<String> emitter,
            RelayConfig config, Tracing tracing,
            @ConfigProperty(name = "mp.messaging.outgoing.notifications-out.topic") String topic) {
        this.pool = pool;
        this.emitter = emitter;
        this.config = config;
        this.source = URI.create(config.source());
        this.tracing = tracing;
        this.spanName = topic + " publish";
    }

    /** @return how many rows were published */
    public Uni<Integer> publishBatch() {
        return pool.withTransaction(connection -> connection.preparedQuery(CLAIM)
                .execute(Tuple.of(config.batchSize()))
                .chain(rows -> rows.size() == 0 ? Uni.createFrom().item(0) : publish(connection, rows)));
    }

    private Uni<Integer> publish(SqlConnection connection, RowSet<Row> rows) {
        List<Uni<Void>> sends = new ArrayList<>();
        List<UUID> ids = new ArrayList<>();
        for (Row row : rows) {
            ids.add(row.getUUID("id"));
            Span span = tracing.start(spanName, SpanKind.PRODUCER, row.getString("trace_parent"));
            span.setAttribute("messaging.system", "kafka");
            span.setAttribute("messaging.message.id", row.getUUID("id").toString());
            span.setAttribute("countersign.notification.type", row.getString("type"));
            sends.add(emitter.sendMessage(toMessage(row, Tracing.traceparent(span)))
                    .onItemOrFailure().invoke((ok, failure) -> Tracing.end(span, failure)));
        }
        return Uni.join().all(sends).andFailFast()
                .ifNoItem().after(config.sendTimeout()).failWith(() -> new IllegalStateException(
                        "Kafka did not acknowledge " + ids.size() + " outbox events within " + config.sendTimeout()))
                .chain(() -> connection.preparedQuery(MARK).execute(Tuple.of(ids.toArray(UUID[]::new))))
                .replaceWith(ids.size());
    }

    private Message<String> toMessage(Row row, String traceparent) {
        String userId = row.getUUID("aggregate_id").toString();
        OffsetDateTime createdAt = row.getOffsetDateTime("created_at");
        OutgoingCloudEventMetadata<String> cloudEvent = OutgoingCloudEventMetadata.<String>builder()
                .withId(row.getUUID("id").toString())
                .withType(row.getString("type"))
                .withSource(source)
                .withSubject(userId)
                .withTimestamp(createdAt.toZonedDateTime())
                .withDataContentType("application/json")
                .build();
        RecordHeaders headers = new RecordHeaders();
        headers.add(Tracing.TRACEPARENT, traceparent.getBytes(StandardCharsets.UTF_8));
        OutgoingKafkaRecordMetadata<String> kafka = OutgoingKafkaRecordMetadata.<String>builder().withKey(userId)
                .withHeaders(headers).build();
        return Message.of(row.getString("payload")).addMetadata(cloudEvent).addMetadata(kafka);
    }
}
