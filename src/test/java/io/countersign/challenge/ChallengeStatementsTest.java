package io.countersign.challenge;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.countersign.event.NotificationEvent;
import io.countersign.event.NotificationType;
import io.countersign.flow.Notifications;
import io.countersign.event.Recipient;
import io.countersign.testing.Sql;
import io.countersign.user.User;
import io.quarkus.test.junit.QuarkusTest;
import io.smallrye.mutiny.Uni;
import jakarta.inject.Inject;

/**
 * Each statement of {@link ChallengeStatements} run against PostgreSQL (issue 19): what it writes, what it leaves
 * alone, and how it decides races. The flows around them are covered by the API tests (ConcurrencyTest,
 * VerificationTest, PasswordResetTest, EnumerationTest, FuzzTest).
 */
@QuarkusTest
class ChallengeStatementsTest {

    private static final AtomicInteger SEQ = new AtomicInteger();
    private static final Duration HOUR = Duration.ofHours(1);

    @Inject
    ChallengeStatements statements;

    @Inject
    ChallengeService challenges;

    @Inject
    TokenCodec codec;

    @Inject
    ObjectMapper json;

    @Inject
    Notifications notifications;

    @Inject
    io.vertx.mutiny.sqlclient.Pool pool;

    @Test
    void theHotStatementsAreParsedOncePerConnection() {
        for (String sql : List.of(ChallengeStatements.ISSUE, ChallengeStatements.VERIFY_BY_LINK, ChallengeStatements.FIND_WITH_USER,
                ChallengeStatements.RESET_BY_LINK)) {
            assertThat(sql.length()).as("longer than the pool's prepared-statement cache keeps: %s", sql)
                    .isLessThanOrEqualTo(ChallengeStatements.CACHED_SQL_LIMIT);
        }
        // the pool keeps a statement prepared on its connection after use (quarkus.datasource.reactive.cache-prepared-statements)
        String kept = pool.withConnection(c -> c.preparedQuery(ChallengeStatements.FIND_WITH_USER).execute(io.vertx.mutiny.sqlclient.Tuple.of("none"))
                .chain(() -> c.preparedQuery("select count(*) from pg_prepared_statements where statement = $1")
                        .execute(io.vertx.mutiny.sqlclient.Tuple.of(ChallengeStatements.FIND_WITH_USER))))
                .map(rows -> rows.iterator().next().getLong(0).toString()).await().atMost(Duration.ofSeconds(10));
        assertThat(kept).isEqualTo("1");
    }

    @Test
    void issueWritesTheChallengeTheMessageAndTheAuditRowTogether() {
        UUID user = user(true);
        ChallengeService.Issued issued = prepare(user, Purpose.RESET);
        ChallengeStatements.IssueOutcome outcome = issue(issued, updatedAt(user), Duration.ZERO, "m1");
        assertThat(outcome).isEqualTo(new ChallengeStatements.IssueOutcome(true, false, true));
        assertThat(Sql.column("select count(*) from challenges where user_id = ?::uuid and consumed_at is null and selector = ?",
                user.toString(), issued.challenge().selector)).isEqualTo("1");
        assertThat(Sql.column("select code_attempts_left || ':' || attempts_left from challenges where selector = ?",
                issued.challenge().selector)).isEqualTo(issued.challenge().attemptsLeft + ":" + issued.challenge().attemptsLeft);
        assertThat(Sql.column("select payload->>'notificationType' from outbox where aggregate_id = ?::uuid", user.toString()))
                .isEqualTo("sendResetPwd");
        assertThat(Sql.column("select type || ':' || ip || ':' || (details->>'k') from audit_log where user_id = ?::uuid", user.toString()))
                .isEqualTo("reset_requested:10.0.0.1:v");
    }

    @Test
    void issueKeepsToTheCooldownAndOtherwiseSupersedesTheLiveChallenge() {
        UUID user = user(true);
        ChallengeService.Issued first = prepare(user, Purpose.RESET);
        issue(first, updatedAt(user), Duration.ZERO, "first");
        ChallengeStatements.IssueOutcome cooling = issue(prepare(user, Purpose.RESET), updatedAt(user), HOUR, "cooling");
        assertThat(cooling).isEqualTo(new ChallengeStatements.IssueOutcome(true, true, false));
        assertThat(messages(user)).isEqualTo(1);
        ChallengeService.Issued second = prepare(user, Purpose.RESET);
        assertThat(issue(second, updatedAt(user), Duration.ZERO, "second").issued()).isTrue();
        assertThat(Sql.column("select ended_reason from challenges where selector = ?", first.challenge().selector)).isEqualTo("superseded");
        assertThat(Sql.column("select count(*) from challenges where selector = ? and consumed_at is null", second.challenge().selector))
                .isEqualTo("1");
        assertThat(messages(user)).isEqualTo(2);
        assertThat(Sql.column("select count(*) from audit_log where user_id = ?::uuid", user.toString())).isEqualTo("2");
    }

    @Test
    void issueDoesNothingWhenTheUserChangedSinceItWasRead() {
        UUID user = user(true);
        ChallengeStatements.IssueOutcome outcome = issue(prepare(user, Purpose.VERIFY), OffsetDateTime.now().minusDays(1), Duration.ZERO, "x");
        assertThat(outcome).isEqualTo(new ChallengeStatements.IssueOutcome(false, false, false));
        assertThat(Sql.column("select count(*) from challenges where user_id = ?::uuid", user.toString())).isEqualTo("0");
        assertThat(messages(user)).isZero();
    }

    /** Twenty requests issuing at once for one account without a live challenge: one inserts, one message. */
    @Test
    void concurrentIssuesForOneAccountWriteOneMessage() {
        UUID user = user(true);
        OffsetDateTime updated = updatedAt(user);
        List<Uni<ChallengeStatements.IssueOutcome>> all = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            all.add(issueAsync(prepare(user, Purpose.RESET), updated, HOUR, "p" + i));
        }
        List<ChallengeStatements.IssueOutcome> outcomes = Uni.join().all(all).andFailFast().await().atMost(Duration.ofSeconds(30));
        assertThat(outcomes).filteredOn(ChallengeStatements.IssueOutcome::issued).hasSize(1);
        assertThat(messages(user)).isEqualTo(1);
        assertThat(Sql.column("select count(*) from challenges where user_id = ?::uuid", user.toString())).isEqualTo("1");
        assertThat(Sql.column("select count(*) from audit_log where user_id = ?::uuid", user.toString())).isEqualTo("1");
    }

    @Test
    void verifyByLinkVerifiesOnceWithTheNoticeTheEntityPathWouldWrite() throws Exception {
        UUID user = user(false);
        ChallengeService.Issued issued = prepare(user, Purpose.VERIFY);
        issue(issued, updatedAt(user), Duration.ZERO, "sent");
        TokenCodec.LongToken token = codec.parse(issued.token());
        ChallengeStatements.Notice notice = new ChallengeStatements.Notice(UUID.randomUUID(),
                "countersign.notification.verifySignup.v1", "verifySignup", null);

        User wrong = verify(token.selector(), codec.verifierHash((token.verifier().charAt(0) == 'x' ? "y" : "x") + token.verifier().substring(1)), notice);
        assertThat(wrong).isNull();
        assertThat(Sql.column("select attempts_left || ':' || (consumed_at is null) from challenges where selector = ?",
                token.selector())).isEqualTo("5:true");

        User verified = verify(token.selector(), codec.verifierHash(token.verifier()), notice);
        assertThat(verified.verified).isTrue();
        assertThat(verified.passwordHash).isNull();
        assertThat(verified.sessionEpoch).isEqualTo(1);
        assertThat(Sql.column("select ended_reason || ':' || attempts_left from challenges where selector = ?", token.selector()))
                .isEqualTo("used:4");
        assertThat(Sql.column("select details::text from audit_log where user_id = ?::uuid and type = 'verified'", user.toString()))
                .isEqualTo("{\"passwordSet\": false}");
        // the payload built in SQL is the one Notifications would serialise for the same user
        JsonNode written = json.readTree(Sql.column("select payload::text from outbox where id = ?::uuid", notice.id().toString()));
        JsonNode expected = json.valueToTree(new NotificationEvent("verifySignup", user.toString(),
                new Recipient(verified.email, verified.phone, verified.preferredChannel, verified.locale, verified.displayName),
                null, null, Map.of(), Map.of()));
        assertThat(written).isEqualTo(expected);
        assertThat(Sql.column("select type from outbox where id = ?::uuid", notice.id().toString()))
                .isEqualTo("countersign.notification.verifySignup.v1");

        // a used link stays used, even for an account that has a password again
        Sql.update("update users set password_hash = '$cs1$again' where id = ?::uuid", user.toString());
        assertThat(verify(token.selector(), codec.verifierHash(token.verifier()), new ChallengeStatements.Notice(UUID.randomUUID(),
                "countersign.notification.verifySignup.v1", "verifySignup", null))).as("a used link").isNull();
        assertThat(Sql.column("select count(*) from outbox where aggregate_id = ?::uuid and type like '%verifySignup%'", user.toString()))
                .isEqualTo("1");
    }

    @Test
    void verifyByLinkLeavesInvitationsAndSuppressedAddressesToTheEntityPath() {
        UUID invited = user(false);
        Sql.update("update users set password_hash = null where id = ?::uuid", invited.toString());
        ChallengeService.Issued issued = prepare(invited, Purpose.VERIFY);
        issue(issued, updatedAt(invited), Duration.ZERO, "sent");
        TokenCodec.LongToken token = codec.parse(issued.token());
        assertThat(verify(token.selector(), codec.verifierHash(token.verifier()), notice())).isNull();

        UUID suppressed = user(false);
        Sql.update("insert into email_suppressions (address, reason, provider) select email, 'hard_bounce', 'test' from users where id = ?::uuid",
                suppressed.toString());
        ChallengeService.Issued other = prepare(suppressed, Purpose.VERIFY);
        issue(other, updatedAt(suppressed), Duration.ZERO, "sent");
        TokenCodec.LongToken otherToken = codec.parse(other.token());
        assertThat(verify(otherToken.selector(), codec.verifierHash(otherToken.verifier()), notice())).isNull();
        assertThat(Sql.column("select count(*) from challenges where user_id in (?::uuid, ?::uuid) and consumed_at is null",
                invited.toString(), suppressed.toString())).isEqualTo("2");
    }

    @Test
    void findWithUserThenResetByLinkClaimsOnce() {
        UUID user = user(true);
        Sql.update("update users set failed_logins = 3, locked_until = now() + interval '1 hour' where id = ?::uuid", user.toString());
        ChallengeService.Issued issued = prepare(user, Purpose.RESET);
        issue(issued, updatedAt(user), Duration.ZERO, "sent");
        TokenCodec.LongToken token = codec.parse(issued.token());

        ChallengeStatements.Found found = statements.findWithUser(token.selector()).await().indefinitely();
        assertThat(found.challenge().id).isEqualTo(issued.challenge().id);
        assertThat(found.challenge().purpose).isEqualTo("reset");
        assertThat(TokenCodec.same(codec.verifierHash(token.verifier()), found.challenge().verifierHash)).isTrue();
        assertThat(found.user().id).isEqualTo(user);
        assertThat(found.user().emailUndeliverable).isNull();
        assertThat(statements.findWithUser("AAAAAAAAAAAAAAAA").await().indefinitely()).isNull();

        ChallengeStatements.Notice notice = new ChallengeStatements.Notice(UUID.randomUUID(), "countersign.notification.resetPwd.v1",
                "resetPwd", null);
        User changed = statements.resetByLink(found.challenge().id, OffsetDateTime.now(), false, "$cs1$new", notice,
                new ChallengeStatements.Note("password_reset", null, null, "{\"sessionsRevoked\": true}")).await().indefinitely();
        assertThat(changed.passwordHash).isEqualTo("$cs1$new");
        assertThat(changed.sessionEpoch).isEqualTo(1);
        assertThat(changed.failedLogins).isZero();
        assertThat(changed.lockedUntil).isNull();
        assertThat(Sql.column("select payload->>'notificationType' from outbox where id = ?::uuid", notice.id().toString())).isEqualTo("resetPwd");
        assertThat(Sql.column("select ended_reason from challenges where id = ?::uuid", found.challenge().id.toString())).isEqualTo("used");

        User again = statements.resetByLink(found.challenge().id, OffsetDateTime.now(), false, "$cs1$other", notice(),
                new ChallengeStatements.Note("password_reset", null, null, null)).await().indefinitely();
        assertThat(again).isNull();
        assertThat(Sql.column("select password_hash from users where id = ?::uuid", user.toString())).isEqualTo("$cs1$new");
    }

    @Test
    void resetByLinkRefusesAnUnverifiedAccountUnlessTheCheckIsOff() {
        UUID user = user(false);
        ChallengeService.Issued issued = prepare(user, Purpose.RESET);
        issue(issued, updatedAt(user), Duration.ZERO, "sent");
        ChallengeStatements.Note note = new ChallengeStatements.Note("password_reset", null, null, null);
        assertThat(statements.resetByLink(issued.challenge().id, OffsetDateTime.now(), false, "$cs1$x", notice(), note)
                .await().indefinitely()).isNull();
        assertThat(statements.resetByLink(issued.challenge().id, OffsetDateTime.now(), true, "$cs1$x", notice(), note)
                .await().indefinitely()).isNotNull();
    }

    @Test
    void confirmIdentityAppliesTheChangeAndIssuesTheRevertOnceWhenTheAccountIsAsRead() {
        UUID user = user(true);
        String oldEmail = Sql.column("select email from users where id = ?::uuid", user.toString());
        String newEmail = "changed-" + SEQ.incrementAndGet() + "-" + user.toString().substring(0, 8) + "@example.com";
        ChallengeService.Issued change = challenges.prepare(user, Purpose.IDENTITY_CHANGE, HOUR, Map.of("email", newEmail), OffsetDateTime.now());
        issue(change, updatedAt(user), Duration.ZERO, "change");
        TokenCodec.LongToken token = codec.parse(change.token());
        ChallengeStatements.Found found = statements.findWithUser(token.selector()).await().indefinitely();
        assertThat(found.challenge().pendingChanges).isEqualTo(Map.of("email", newEmail));

        // the account changed since it was read: nothing happens
        assertThat(confirm(found, OffsetDateTime.now().minusDays(1), newEmail)).isNull();
        assertThat(Sql.column("select consumed_at is null from challenges where id = ?::uuid", found.challenge().id.toString())).isEqualTo("t");

        // the new address taken meanwhile: the unique index refuses, nothing changes
        UUID other = user(true);
        Sql.update("update users set email = ? where id = ?::uuid", newEmail, other.toString());
        OffsetDateTime read = updatedAt(user);
        Throwable taken = org.assertj.core.api.Assertions.catchThrowable(() -> confirm(found, read, newEmail));
        assertThat(ChallengeStatements.uniqueViolation(taken)).as(String.valueOf(taken)).isTrue();
        assertThat(Sql.column("select consumed_at is null from challenges where id = ?::uuid", found.challenge().id.toString())).isEqualTo("t");
        Sql.update("delete from users where id = ?::uuid", other.toString());

        User changed = confirm(found, read, newEmail);
        assertThat(changed.email).isEqualTo(newEmail);
        assertThat(changed.verified).isTrue();
        assertThat(changed.sessionEpoch).isEqualTo(1);
        assertThat(Sql.column("select ended_reason from challenges where id = ?::uuid", found.challenge().id.toString())).isEqualTo("used");
        assertThat(Sql.column("select pending_changes->>'email' from challenges where user_id = ?::uuid and purpose = 'revert' "
                + "and consumed_at is null", user.toString())).isEqualTo(oldEmail);
        assertThat(Sql.column("select count(*) from audit_log where user_id = ?::uuid and type = 'identity_change_confirmed'",
                user.toString())).isEqualTo("1");
        assertThat(confirm(found, changed.updatedAt, newEmail)).as("a used link").isNull();
    }

    private User confirm(ChallengeStatements.Found found, OffsetDateTime read, String newEmail) {
        User user = new User();
        user.id = found.user().id;
        user.email = newEmail;
        user.preferredChannel = User.CHANNEL_EMAIL;
        Map<String, String> old = Map.of("email", found.user().email);
        ChallengeService.Issued revert = challenges.prepare(user.id, Purpose.REVERT, HOUR, old, OffsetDateTime.now());
        ChallengeStatements.Message message = notifications.prepareTo(NotificationType.IDENTITY_CHANGE_REVERT, found.user(),
                io.countersign.flow.Notifications.recipient(found.user()), revert, Map.of("changedFields", "email"));
        return statements.confirmIdentity(found.challenge().id, read, OffsetDateTime.now(), user, revert.challenge(), message,
                new ChallengeStatements.Note("identity_change_confirmed", null, null, "{\"fields\": [\"email\"]}")).await().indefinitely();
    }

    private User verify(String selector, byte[] hash, ChallengeStatements.Notice notice) {
        return statements.verifyByLink(selector, hash, OffsetDateTime.now(), notice,
                new ChallengeStatements.Note("verified", "10.0.0.2", "test", "{\"passwordSet\": false}")).await().indefinitely();
    }

    private static ChallengeStatements.Notice notice() {
        return new ChallengeStatements.Notice(UUID.randomUUID(), "countersign.notification.verifySignup.v1", "verifySignup", null);
    }

    private ChallengeService.Issued prepare(UUID user, Purpose purpose) {
        return challenges.prepare(user, purpose, HOUR, null, OffsetDateTime.now());
    }

    private ChallengeStatements.IssueOutcome issue(ChallengeService.Issued issued, OffsetDateTime updatedAt, Duration cooldown,
            String marker) {
        return issueAsync(issued, updatedAt, cooldown, marker).await().indefinitely();
    }

    private Uni<ChallengeStatements.IssueOutcome> issueAsync(ChallengeService.Issued issued, OffsetDateTime updatedAt,
            Duration cooldown, String marker) {
        boolean reset = "reset".equals(issued.challenge().purpose);
        User user = new User();
        user.id = issued.challenge().userId;
        user.email = Sql.column("select email from users where id = ?::uuid", user.id.toString());
        // a real message (the notifier delivers it to the test SMTP server like any other)
        ChallengeStatements.Message message = notifications.prepareWithSecret(
                reset ? NotificationType.SEND_RESET_PWD : NotificationType.RESEND_VERIFY_SIGNUP, user, issued, Map.of());
        return statements.issue(issued.challenge(), updatedAt, cooldown, message,
                new ChallengeStatements.Note(reset ? "reset_requested" : "verification_sent", "10.0.0.1", "test", "{\"k\": \"v\"}"));
    }

    private static UUID user(boolean verified) {
        UUID id = UUID.randomUUID();
        Sql.update("insert into users (id, email, password_hash, is_verified) values (?::uuid, ?, '$cs1$old', ?)", id.toString(),
                "statements-" + SEQ.incrementAndGet() + "-" + id.toString().substring(0, 8) + "@example.com", verified);
        return id;
    }

    private static OffsetDateTime updatedAt(UUID user) {
        return OffsetDateTime.parse(Sql.column("select to_char(updated_at at time zone 'UTC', 'YYYY-MM-DD\"T\"HH24:MI:SS.US\"Z\"') "
                + "from users where id = ?::uuid", user.toString()));
    }

    private static long messages(UUID user) {
        return Long.parseLong(Sql.column("select count(*) from outbox where aggregate_id = ?::uuid", user.toString()));
    }
}
