package io.countersign.admin;

import java.time.OffsetDateTime;
import java.util.UUID;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

/** An administrator's API key: only its HMAC is stored, the key itself is shown once at creation. */
@Entity
@Table(name = "admin_api_keys")
public class ApiKey {

    @Id
    public UUID id;

    @Column(nullable = false)
    public String name;

    /** Space-separated scope names ({@link AdminScope#wireName()}). */
    @Column(nullable = false)
    public String scopes;

    @Column(name = "key_hash", nullable = false)
    public byte[] keyHash;

    @Column(name = "created_at", nullable = false)
    public OffsetDateTime createdAt;

    @Column(name = "created_by", nullable = false)
    public String createdBy;

    @Column(name = "last_used_at")
    public OffsetDateTime lastUsedAt;

    @Column(name = "revoked_at")
    public OffsetDateTime revokedAt;

    @Column(name = "revoked_by")
    public String revokedBy;
}
