package io.countersign.feedback;

import java.util.List;
import java.util.Map;

import io.countersign.audit.Audit;
import io.countersign.audit.AuditType;
import io.countersign.user.EmailSuppressions;
import io.countersign.user.EmailSuppressions.Feedback;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.hibernate.reactive.panache.common.WithTransaction;
import io.quarkus.logging.Log;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * Records the reports of one webhook call in one transaction: each is stored once (a redelivery changes nothing);
 * a new hard bounce or complaint suppresses the address and is audited on every account that has it. Counted as
 * {@code countersign.feedback.received{provider,kind}}. Logs never show the address.
 */
@ApplicationScoped
public class FeedbackService {

    private final EmailSuppressions suppressions;
    private final Audit audit;
    private final MeterRegistry registry;

    public FeedbackService(EmailSuppressions suppressions, Audit audit, MeterRegistry registry) {
        this.suppressions = suppressions;
        this.audit = audit;
        this.registry = registry;
    }

    @WithTransaction
    public Uni<Void> record(List<Feedback> reports) {
        return Multi.createFrom().iterable(reports).onItem().transformToUniAndConcatenate(this::recordOne).collect().last()
                .replaceWithVoid();
    }

    private Uni<Void> recordOne(Feedback report) {
        return suppressions.record(report).chain(isNew -> {
            if (!isNew) {
                return Uni.createFrom().voidItem();
            }
            registry.counter("countersign.feedback.received", "provider", report.provider(), "kind", report.kind()).increment();
            Log.infof("Delivery feedback from %s: %s (provider message %s)", report.provider(), report.kind(), report.providerMessageId());
            if (EmailSuppressions.SOFT_BOUNCE.equals(report.kind())) {
                return Uni.createFrom().voidItem();
            }
            return suppressions.accounts(report.address()).chain(accounts -> Multi.createFrom().iterable(accounts)
                    .onItem().transformToUniAndConcatenate(account -> audit.record(AuditType.EMAIL_UNDELIVERABLE, account,
                            Map.of("reason", report.kind(), "provider", report.provider())))
                    .collect().last().replaceWithVoid());
        });
    }
}
