package io.countersign.audit;

import java.util.List;
import java.util.UUID;

import io.quarkus.hibernate.reactive.panache.PanacheRepository;
import io.quarkus.hibernate.reactive.panache.common.WithSession;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;

@ApplicationScoped
@WithSession
public class AuditRepository implements PanacheRepository<AuditEntry> {

    /** A user's entries, oldest first, at most {@code limit}. */
    public Uni<List<AuditEntry>> ofUser(UUID userId, int limit) {
        return find("userId = ?1 order by at, id", userId).range(0, limit - 1).list();
    }
}
