package io.countersign.user;

import java.time.OffsetDateTime;
import java.util.UUID;

import org.hibernate.annotations.Formula;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.PrePersist;
import jakarta.persistence.PreUpdate;
import jakarta.persistence.Table;

/** An account. Email is stored normalised (lower-case), phone as E.164. */
@Entity
@Table(name = "users")
public class User {

    public static final String CHANNEL_EMAIL = "email";
    public static final String CHANNEL_SMS = "sms";

    @Id
    public UUID id;

    public String email;

    public String phone;

    public String username;

    @Column(name = "display_name")
    public String displayName;

    @Column(name = "password_hash")
    public String passwordHash;

    @Column(name = "is_verified", nullable = false)
    public boolean verified;

    @Column(name = "preferred_channel", nullable = false)
    public String preferredChannel = CHANNEL_EMAIL;

    @Column(nullable = false)
    public String locale = "en";

    /** Access tokens carry this number; bumping it revokes every token issued before. */
    @Column(name = "session_epoch", nullable = false)
    public int sessionEpoch;

    @Column(name = "failed_logins", nullable = false)
    public int failedLogins;

    @Column(name = "locked_until")
    public OffsetDateTime lockedUntil;

    /** The version of the terms and conditions the account accepted last, when, and from which client IP; null if none. */
    @Column(name = "terms_version")
    public String termsVersion;

    @Column(name = "terms_accepted_at")
    public OffsetDateTime termsAcceptedAt;

    @Column(name = "terms_accepted_ip")
    public String termsAcceptedIp;

    /**
     * Why mail to {@link #email} is not sent any more ({@code hard_bounce} or {@code complaint}, from the providers'
     * feedback, {@link EmailSuppressions}), or null. Read with the account; follows a changed address.
     */
    @Formula("(select s.reason from email_suppressions s where s.address = email)")
    public String emailUndeliverable;

    @Column(name = "created_at", nullable = false)
    public OffsetDateTime createdAt;

    @Column(name = "updated_at", nullable = false)
    public OffsetDateTime updatedAt;

    @PrePersist
    @PreUpdate
    void touch() {
        updatedAt = OffsetDateTime.now();
        if (createdAt == null) {
            createdAt = updatedAt;
        }
    }

    /** Revokes every access token issued so far. */
    public void revokeSessions() {
        sessionEpoch++;
    }
}
