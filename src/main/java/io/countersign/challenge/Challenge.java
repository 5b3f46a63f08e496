package io.countersign.challenge;

import java.time.OffsetDateTime;
import java.util.Map;
import java.util.UUID;

import org.hibernate.annotations.JdbcTypeCode;
import org.hibernate.type.SqlTypes;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

/**
 * A one-time proof sent to a user: a long link token and/or a short code, stored only as HMACs. Rows are never
 * modified through this entity after creation; state changes are atomic UPDATE statements in
 * {@link ChallengeService}.
 */
@Entity
@Table(name = "challenges")
public class Challenge {

    public static final String ENDED_USED = "used";
    public static final String ENDED_SUPERSEDED = "superseded";
    public static final String ENDED_EXHAUSTED = "exhausted";
    public static final String ENDED_REVOKED = "revoked";

    @Id
    public UUID id;

    @Column(name = "user_id", nullable = false)
    public UUID userId;

    @Column(nullable = false)
    public String purpose;

    @Column(nullable = false)
    public String selector;

    @Column(name = "verifier_hash", nullable = false)
    public byte[] verifierHash;

    @Column(name = "code_hash")
    public byte[] codeHash;

    /** Wrong link verifiers this challenge still tolerates; at zero the challenge ends ({@link #ENDED_EXHAUSTED}). */
    @Column(name = "attempts_left", nullable = false)
    public int attemptsLeft;

    /** Wrong codes this challenge still tolerates; at zero the code is void ({@link #codeHash} null), the link not. */
    @Column(name = "code_attempts_left", nullable = false)
    public int codeAttemptsLeft;

    @JdbcTypeCode(SqlTypes.JSON)
    @Column(name = "pending_changes", columnDefinition = "jsonb")
    public Map<String, String> pendingChanges;

    @Column(name = "expires_at", nullable = false)
    public OffsetDateTime expiresAt;

    @Column(name = "consumed_at")
    public OffsetDateTime consumedAt;

    @Column(name = "ended_reason")
    public String endedReason;

    @Column(name = "created_at", nullable = false)
    public OffsetDateTime createdAt;
}
