package io.countersign.outbox;

import java.time.OffsetDateTime;
import java.util.UUID;

import org.hibernate.annotations.JdbcTypeCode;
import org.hibernate.type.SqlTypes;

import io.countersign.event.NotificationEvent;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

/** A notification waiting to be published (or already published) to Kafka. Its id is the CloudEvent id. */
@Entity
@Table(name = "outbox")
public class OutboxEvent {

    @Id
    public UUID id;

    @Column(name = "aggregate_type", nullable = false)
    public String aggregateType;

    @Column(name = "aggregate_id", nullable = false)
    public UUID aggregateId;

    /** The CloudEvents type, e.g. {@code countersign.notification.sendResetPwd.v1}. */
    @Column(nullable = false)
    public String type;

    /** The {@link NotificationEvent} as JSON; secrets inside are sealed. */
    @JdbcTypeCode(SqlTypes.JSON)
    @Column(nullable = false, columnDefinition = "jsonb")
    public String payload;

    @Column(name = "created_at", nullable = false)
    public OffsetDateTime createdAt;

    @Column(name = "published_at")
    public OffsetDateTime publishedAt;

    /** The W3C {@code traceparent} of the request that wrote the row, or null (docs/tracing.md). */
    @Column(name = "trace_parent")
    public String traceParent;
}
