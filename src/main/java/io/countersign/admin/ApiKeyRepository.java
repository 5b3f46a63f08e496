package io.countersign.admin;

import java.time.OffsetDateTime;
import java.util.List;
import java.util.UUID;

import io.quarkus.hibernate.reactive.panache.PanacheRepositoryBase;
import io.quarkus.hibernate.reactive.panache.common.WithSession;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;

/** The stored API keys (hashes only). */
@ApplicationScoped
@WithSession
public class ApiKeyRepository implements PanacheRepositoryBase<ApiKey, UUID> {

    /** The unrevoked key with this hash, or null. */
    public Uni<ApiKey> findLive(byte[] keyHash) {
        return find("keyHash = ?1 and revokedAt is null", keyHash).firstResult();
    }

    /** Records a use of the key. */
    public Uni<Integer> touch(UUID id, OffsetDateTime now) {
        return update("lastUsedAt = ?1 where id = ?2", now, id);
    }

    /** Every key, revoked ones too, newest first. */
    public Uni<List<ApiKey>> all() {
        return list("order by createdAt desc, id");
    }
}
