package io.countersign.user;

import java.time.OffsetDateTime;
import java.util.UUID;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

/** One login: the access token issued for it names this row (claim {@value AccessTokens#SESSION_CLAIM}). */
@Entity
@Table(name = "sessions")
public class Session {

    @Id
    public UUID id;

    @Column(name = "user_id", nullable = false)
    public UUID userId;

    /** The user's session epoch at login; the session ends when the epoch moves on. */
    @Column(nullable = false)
    public int epoch;

    @Column(name = "created_at", nullable = false)
    public OffsetDateTime createdAt;

    @Column(name = "expires_at", nullable = false)
    public OffsetDateTime expiresAt;

    @Column(name = "user_agent")
    public String userAgent;
}
