package io.countersign.health;

import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.HealthCheckResponseBuilder;
import org.eclipse.microprofile.health.Readiness;

import io.countersign.outbox.OutboxBacklog;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * The outbox backlog as a readiness detail. Always UP: the outbox is the buffer that lets the api keep accepting
 * requests while Kafka is down, so a broker outage must not take the api out of the load balancer. Alert on the
 * backlog metrics instead. Answers from the last sample, without I/O.
 */
@Readiness
@ApplicationScoped
public class OutboxHealth implements HealthCheck {

    private final OutboxBacklog backlog;

    public OutboxHealth(OutboxBacklog backlog) {
        this.backlog = backlog;
    }

    @Override
    public HealthCheckResponse call() {
        HealthCheckResponseBuilder response = HealthCheckResponse.named("Outbox backlog").up();
        if (!backlog.active()) {
            return response.withData("relay", "off").build();
        }
        OutboxBacklog.Sample sample = backlog.current();
        response.withData("relay", "on")
                .withData("unpublished", sample.unpublished())
                .withData("oldestAgeSeconds", sample.oldestAge().toSeconds());
        return (sample.sampledAt() == null ? response.withData("sampledAt", "never")
                : response.withData("sampledAt", sample.sampledAt().toString())).build();
    }
}
