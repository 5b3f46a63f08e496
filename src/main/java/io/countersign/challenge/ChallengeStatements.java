package io.countersign.challenge;

import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.UUID;

import io.countersign.user.User;
import io.countersign.user.UserRows;
import io.smallrye.mutiny.Uni;
import io.vertx.core.buffer.Buffer;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.RowSet;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * The hot statements of the token actions (issue 19), in one place: each is a single SQL statement (data-modifying
 * CTEs) run on the reactive pool outside any transaction, so that one request costs one round trip and one commit
 * and holds no lock across a round trip. They change the same rows as the entity path of {@link ChallengeService}
 * and the flows (a challenge, the user, the outbox row and the audit row together, or nothing), and each returns
 * enough for the flow to answer, or to fall back to that path for the cases they leave to it (refusals, invitations,
 * suppressed addresses, SMS).
 *
 * <p>Races are decided by PostgreSQL as before: a claim is an {@code UPDATE ... where consumed_at is null}, so of
 * fifty uses at once one wins; a new challenge is inserted {@code on conflict do nothing} against
 * {@code challenges_live_key}, so of fifty requests issuing at once for one account exactly one inserts (and only
 * that one writes the outbox and audit rows, which are selected from the insert's {@code RETURNING}).
 */
@ApplicationScoped
public class ChallengeStatements {

    /**
     * The longest statement the pool's prepared-statement cache keeps (Vert.x's default, which Quarkus does not
     * expose); a longer one would be parsed and planned again on every request.
     */
    static final int CACHED_SQL_LIMIT = io.vertx.sqlclient.SqlConnectOptions.DEFAULT_PREPARED_STATEMENT_CACHE_SQL_LIMIT;

    /** The statement with its layout folded into single spaces (its literals have none to lose), to stay cached. */
    static String oneLine(String sql) {
        return sql.replaceAll("\\s+", " ").strip();
    }

    /** A message row for the outbox, its payload already serialised (with any secret sealed). */
    public record Message(UUID id, String type, String payload, String traceParent) {
    }

    /** A notice row for the outbox whose payload the statement builds from the user row it changed. */
    public record Notice(UUID id, String type, String notificationType, String traceParent) {
    }

    /** An audit row: its type, the client, and its details as JSON (or null). */
    public record Note(String type, String ip, String userAgent, String details) {
    }

    /**
     * What {@link #issue} did. {@code found}: the user row was as read (else nothing was done: the flow falls back);
     * {@code cooling}: a live challenge younger than the cooldown exists (nothing sent); {@code issued}: this
     * request issued the challenge and wrote its outbox and audit rows. Found, not cooling and not issued: a
     * concurrent request issued one first (nothing sent).
     */
    public record IssueOutcome(boolean found, boolean cooling, boolean issued) {
    }

    /**
     * Issues a challenge for the user, superseding the live one, unless the live one is younger than the cooldown;
     * writes the message and the audit row with it. Only when the user row is unchanged since it was read
     * ({@code updated_at}). Parameters: $1 user, $2 updated_at as read, $3 purpose, $4 cooldown ms, $5 now, $6 id,
     * $7 selector, $8 verifier hash, $9 code hash, $10 attempts, $11 pending changes, $12 expires, $13-$16 outbox,
     * $17-$20 audit.
     */
    static final String ISSUE = oneLine("""
            with target as (
                select id from users where id = $1 and updated_at = $2
            ), live as (
                select c.id, c.created_at from challenges c join target t on c.user_id = t.id
                where c.purpose = $3 and c.consumed_at is null
            ), cooling as (
                select 1 from live where live.created_at + $4::float8 * interval '1 millisecond' > $5::timestamptz
            ), ended as (
                update challenges c set consumed_at = $5, ended_reason = 'superseded'
                from live where c.id = live.id and c.consumed_at is null and not exists (select 1 from cooling)
                returning c.id
            ), issued as (
                insert into challenges (id, user_id, purpose, selector, verifier_hash, code_hash, attempts_left,
                                        code_attempts_left, pending_changes, expires_at, created_at)
                select $6, t.id, $3, $7, $8, $9, $10, $10, $11::text::jsonb, $12, $5 from target t
                where not exists (select 1 from cooling) and (select count(*) from ended) >= 0
                on conflict (user_id, purpose) where consumed_at is null do nothing
                returning user_id
            ), queued as (
                insert into outbox (id, aggregate_type, aggregate_id, type, payload, created_at, trace_parent)
                select $13, 'user', i.user_id, $14, $15::text::jsonb, $5, $16 from issued i
                returning id
            ), audited as (
                insert into audit_log (user_id, type, ip, user_agent, at, details)
                select i.user_id, $17, $18, $19, $5, $20::text::jsonb from issued i
                returning id
            )
            select exists (select 1 from target) as found, exists (select 1 from cooling) as cooling,
                   (select count(*) from issued) + (select count(*) from queued) + (select count(*) from audited) as written""");

    /** The notice's payload (a NotificationEvent without secret) from the changed user row {@code v}. */
    private static final String NOTICE_PAYLOAD = """
            jsonb_build_object('notificationType', $N1::text, 'userId', v.id::text,
                'recipient', jsonb_build_object('email', v.email, 'phone', v.phone, 'preferredChannel', v.preferred_channel,
                                                'locale', v.locale, 'displayName', v.display_name),
                'secret', null, 'expiresAt', null, 'notifierOptions', '{}'::jsonb, 'details', '{}'::jsonb)""";

    /**
     * The user conditions of the one-statement redemptions: mail to a deliverable address ({@code u} is the user).
     * Anything else (SMS, a suppressed address) stays with the entity path and its notification rules.
     */
    private static final String PLAIN_EMAIL = """
            u.email is not null and u.preferred_channel = 'email'
                  and not exists (select 1 from email_suppressions s where s.address = u.email)""";

    /**
     * Verification by link without a password, in one statement: claims the live, unexpired verify challenge of the
     * selector whose verifier matches (taking one attempt), marks the user verified, discards the password set at
     * sign-up and ends its sessions (as the entity path does, VerificationService), writes the notice and the
     * audit row. No row: nothing changed (unknown, wrong, used, expired, invitation, not plain email). Parameters:
     * $1 selector, $2 verifier hash, $3 now, $4-$7 notice, $8-$11 audit.
     */
    static final String VERIFY_BY_LINK = oneLine("""
            with claimed as (
                update challenges c set attempts_left = c.attempts_left - 1, consumed_at = $3, ended_reason = 'used'
                from users u
                where c.selector = $1 and c.verifier_hash = $2 and c.purpose = 'verify' and c.consumed_at is null
                  and c.attempts_left > 0 and c.expires_at > $3 and u.id = c.user_id and u.password_hash is not null
                  and %s
                returning c.user_id
            ), changed as (
                update users u set is_verified = true, password_hash = null, session_epoch = u.session_epoch + 1, updated_at = $3
                from claimed where u.id = claimed.user_id
                returning u.*
            ), queued as (
                insert into outbox (id, aggregate_type, aggregate_id, type, payload, created_at, trace_parent)
                select $4, 'user', v.id, $5, %s, $3, $7 from changed v
                returning id
            ), audited as (
                insert into audit_log (user_id, type, ip, user_agent, at, details)
                select v.id, $8, $9, $10, $3, $11::text::jsonb from changed v
                returning id
            )
            select %s, (select count(*) from queued) + (select count(*) from audited) as written from changed v"""
            .formatted(PLAIN_EMAIL, NOTICE_PAYLOAD.replace("$N1", "$6"), UserRows.COLUMNS));

    /**
     * A redemption's read: the challenge of a selector with its user, in one round trip, without locks (the write
     * that follows decides every race). Parameter: $1 selector.
     */
    static final String FIND_WITH_USER = oneLine("""
            select c.id, c.purpose, c.verifier_hash, c.attempts_left, c.code_attempts_left, c.expires_at, c.consumed_at,
                   c.ended_reason, c.created_at, c.user_id, c.pending_changes::text as pending_changes, %s,
                   %s
            from challenges c join users v on v.id = c.user_id where c.selector = $1""".formatted(UserRows.COLUMNS, UserRows.EMAIL_UNDELIVERABLE));

    /**
     * Password reset by link after {@link #FIND_WITH_USER} and the hashing, in one statement: claims the challenge
     * when it is still live, unexpired and has attempts left (taking one), sets the password, ends every session,
     * clears the login lockout, writes the notice and the audit row. No row: nothing changed (used or ended
     * meanwhile, or the user is no longer resettable or plain email). Parameters: $1 challenge, $2 now, $3 skip the
     * verified check, $4 password hash, $5-$8 notice, $9-$12 audit.
     */
    static final String RESET_BY_LINK = oneLine("""
            with claimed as (
                update challenges c set attempts_left = c.attempts_left - 1, consumed_at = $2, ended_reason = 'used'
                from users u
                where c.id = $1 and c.purpose = 'reset' and c.consumed_at is null and c.attempts_left > 0
                  and c.expires_at > $2 and u.id = c.user_id and (u.is_verified or $3) and %s
                returning c.user_id
            ), changed as (
                update users u set password_hash = $4, session_epoch = u.session_epoch + 1, failed_logins = 0,
                                   locked_until = null, updated_at = $2
                from claimed where u.id = claimed.user_id
                returning u.*
            ), queued as (
                insert into outbox (id, aggregate_type, aggregate_id, type, payload, created_at, trace_parent)
                select $5, 'user', v.id, $6, %s, $2, $8 from changed v
                returning id
            ), audited as (
                insert into audit_log (user_id, type, ip, user_agent, at, details)
                select v.id, $9, $10, $11, $2, $12::text::jsonb from changed v
                returning id
            )
            select %s, (select count(*) from queued) + (select count(*) from audited) as written from changed v"""
            .formatted(PLAIN_EMAIL, NOTICE_PAYLOAD.replace("$N1", "$7"), UserRows.COLUMNS));

    private final Pool pool;

    public ChallengeStatements(Pool pool) {
        this.pool = pool;
    }

    /** {@link #ISSUE}: the new challenge {@code c} (built by {@link ChallengeService#prepare}) with its message. */
    public Uni<IssueOutcome> issue(Challenge c, OffsetDateTime userUpdatedAt, Duration cooldown, Message message, Note note) {
        Tuple params = Tuple.tuple()
                .addUUID(c.userId).addOffsetDateTime(userUpdatedAt).addString(c.purpose).addDouble((double) cooldown.toMillis())
                .addOffsetDateTime(c.createdAt).addUUID(c.id).addString(c.selector).addValue(bytes(c.verifierHash))
                .addValue(bytes(c.codeHash)).addInteger(c.attemptsLeft).addString(json(c.pendingChanges)).addOffsetDateTime(c.expiresAt)
                .addUUID(message.id()).addString(message.type()).addString(message.payload()).addString(message.traceParent())
                .addString(note.type()).addString(note.ip()).addString(note.userAgent()).addString(note.details());
        return pool.preparedQuery(ISSUE).execute(params).map(rows -> {
            Row row = rows.iterator().next();
            return new IssueOutcome(row.getBoolean("found"), row.getBoolean("cooling"), row.getLong("written") > 0);
        });
    }

    /** {@link #VERIFY_BY_LINK}: the verified user, or null when nothing changed. */
    public Uni<User> verifyByLink(String selector, byte[] verifierHash, OffsetDateTime now, Notice notice, Note note) {
        Tuple params = Tuple.tuple().addString(selector).addValue(bytes(verifierHash)).addOffsetDateTime(now)
                .addUUID(notice.id()).addString(notice.type()).addString(notice.notificationType()).addString(notice.traceParent())
                .addString(note.type()).addString(note.ip()).addString(note.userAgent()).addString(note.details());
        return pool.preparedQuery(VERIFY_BY_LINK).execute(params).map(ChallengeStatements::changedUser);
    }

    /** A challenge read with its user by {@link #findWithUser}. */
    public record Found(Challenge challenge, User user) {
    }

    /** {@link #FIND_WITH_USER}: the challenge of the selector and its user, or null. */
    public Uni<Found> findWithUser(String selector) {
        return pool.preparedQuery(FIND_WITH_USER).execute(Tuple.of(selector)).map(rows -> {
            if (!rows.iterator().hasNext()) {
                return null;
            }
            Row row = rows.iterator().next();
            Challenge c = new Challenge();
            c.id = row.getUUID("id");
            c.userId = row.getUUID("user_id");
            c.purpose = row.getString("purpose");
            c.selector = selector;
            c.verifierHash = row.getBuffer("verifier_hash").getBytes();
            c.attemptsLeft = row.getInteger("attempts_left");
            c.codeAttemptsLeft = row.getInteger("code_attempts_left");
            c.expiresAt = row.getOffsetDateTime("expires_at");
            c.consumedAt = row.getOffsetDateTime("consumed_at");
            c.endedReason = row.getString("ended_reason");
            c.createdAt = row.getOffsetDateTime("created_at");
            c.pendingChanges = pending(row.getString("pending_changes"));
            return new Found(c, UserRows.read(row));
        });
    }

    /** {@link #RESET_BY_LINK}: the user with the new password, or null when nothing changed. */
    public Uni<User> resetByLink(UUID challengeId, OffsetDateTime now, boolean skipVerifiedCheck, String passwordHash,
            Notice notice, Note note) {
        Tuple params = Tuple.tuple().addUUID(challengeId).addOffsetDateTime(now).addBoolean(skipVerifiedCheck).addString(passwordHash)
                .addUUID(notice.id()).addString(notice.type()).addString(notice.notificationType()).addString(notice.traceParent())
                .addString(note.type()).addString(note.ip()).addString(note.userAgent()).addString(note.details());
        return pool.preparedQuery(RESET_BY_LINK).execute(params).map(ChallengeStatements::changedUser);
    }

    /**
     * Identity change confirmed by link after {@link #FIND_WITH_USER}, in one statement: locks the user row only when it
     * is still as read ({@code updated_at}; the new values were worked out from it), claims the challenge (taking one
     * attempt), applies the new email/phone, marks the user verified and ends its sessions, supersedes a live revert
     * challenge and issues the new one (the old values as its pending changes), writes the revert message to the old
     * address and the audit row. No row: nothing changed. A new value taken meanwhile fails on the unique index (and
     * changes nothing either). Parameters: $1 challenge, $2 updated_at as read, $3 now, $4 email, $5 phone, $6
     * preferred channel, $7-$13 the revert challenge, $14-$17 message, $18-$21 audit.
     */
    static final String CONFIRM_IDENTITY = oneLine("""
            with locked as (
                select u.id from users u join challenges c on c.user_id = u.id
                where c.id = $1 and u.updated_at = $2
                for no key update of u
            ), claimed as (
                update challenges c set attempts_left = c.attempts_left - 1, consumed_at = $3, ended_reason = 'used'
                from locked
                where c.id = $1 and c.user_id = locked.id and c.purpose = 'identity_change' and c.consumed_at is null
                  and c.attempts_left > 0 and c.expires_at > $3
                returning c.user_id
            ), changed as (
                update users u set email = $4, phone = $5, preferred_channel = $6, is_verified = true,
                                   session_epoch = u.session_epoch + 1, updated_at = $3
                from claimed where u.id = claimed.user_id
                returning u.*
            ), ended as (
                update challenges c set consumed_at = $3, ended_reason = 'superseded'
                from changed v where c.user_id = v.id and c.purpose = 'revert' and c.consumed_at is null
                returning c.id
            ), issued as (
                insert into challenges (id, user_id, purpose, selector, verifier_hash, code_hash, attempts_left,
                                        code_attempts_left, pending_changes, expires_at, created_at)
                select $7, v.id, 'revert', $8, $9, $10, $11, $11, $12::text::jsonb, $13, $3 from changed v
                where (select count(*) from ended) >= 0
                returning user_id
            ), queued as (
                insert into outbox (id, aggregate_type, aggregate_id, type, payload, created_at, trace_parent)
                select $14, 'user', i.user_id, $15, $16::text::jsonb, $3, $17 from issued i
                returning id
            ), audited as (
                insert into audit_log (user_id, type, ip, user_agent, at, details)
                select i.user_id, $18, $19, $20, $3, $21::text::jsonb from issued i
                returning id
            )
            select %s, (select count(*) from issued) + (select count(*) from queued) + (select count(*) from audited) - 1
                   as written from changed v""".formatted(UserRows.COLUMNS));

    /**
     * {@link #CONFIRM_IDENTITY}: {@code user} carries the new email, phone and preferred channel; {@code revert} is the
     * new revert challenge ({@link ChallengeService#prepare}). The changed user, or null when nothing changed.
     */
    public Uni<User> confirmIdentity(UUID challengeId, OffsetDateTime userUpdatedAt, OffsetDateTime now, User user,
            Challenge revert, Message message, Note note) {
        Tuple params = Tuple.tuple().addUUID(challengeId).addOffsetDateTime(userUpdatedAt).addOffsetDateTime(now)
                .addString(user.email).addString(user.phone).addString(user.preferredChannel)
                .addUUID(revert.id).addString(revert.selector).addValue(bytes(revert.verifierHash)).addValue(bytes(revert.codeHash))
                .addInteger(revert.attemptsLeft).addString(json(revert.pendingChanges)).addOffsetDateTime(revert.expiresAt)
                .addUUID(message.id()).addString(message.type()).addString(message.payload()).addString(message.traceParent())
                .addString(note.type()).addString(note.ip()).addString(note.userAgent()).addString(note.details());
        return pool.preparedQuery(CONFIRM_IDENTITY).execute(params).map(ChallengeStatements::changedUser);
    }

    /** Whether the failure is a unique index refusing a value (SQLSTATE 23505): the statement changed nothing. */
    public static boolean uniqueViolation(Throwable failure) {
        return failure instanceof io.vertx.pgclient.PgException pg && "23505".equals(pg.getSqlState());
    }

    private static String json(java.util.Map<String, String> values) {
        return values == null ? null : new io.vertx.core.json.JsonObject(new java.util.LinkedHashMap<String, Object>(values)).encode();
    }

    private static java.util.Map<String, String> pending(String json) {
        if (json == null) {
            return null;
        }
        java.util.Map<String, String> values = new java.util.LinkedHashMap<>();
        new io.vertx.core.json.JsonObject(json).forEach(e -> values.put(e.getKey(), e.getValue() == null ? null : e.getValue().toString()));
        return values;
    }

    private static User changedUser(RowSet<Row> rows) {
        if (!rows.iterator().hasNext()) {
            return null;
        }
        Row row = rows.iterator().next();
        if (row.getLong("written") != 2) {
            throw new IllegalStateException("a redemption changed the user without its notice and audit rows");
        }
        return UserRows.read(row);
    }

    private static Buffer bytes(byte[] value) {
        return value == null ? null : Buffer.buffer(value);
    }
}
