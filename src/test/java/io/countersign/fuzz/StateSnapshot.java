package io.countersign.fuzz;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * The account state that a rejected request must not change, read with SQL. What a refusal may change by design
 * is compared separately and allowed only in its one direction:
 * <ul>
 * <li>{@code users.failed_logins} may grow and {@code locked_until} move with it (a wrong login counts towards
 * the lockout; {@code updated_at} follows); everything else about an account must stay.</li>
 * <li>{@code challenges.attempts_left} may shrink, and a challenge may end as {@code exhausted} at zero (a wrong
 * token or code spends an attempt); no challenge may appear, disappear or end otherwise.</li>
 * <li>{@code outbox}: no row may appear or disappear or change, except {@code published_at}, which the relay sets
 * in the background.</li>
 * <li>{@code audit_log}: only {@code login_failed} and {@code rate_limited} entries may be added (refusals are
 * audited on purpose); any other new entry is a change of state.</li>
 * </ul>
 * Not compared: {@code rate_limits} (every checked request counts, refused ones included, by design) and
 * {@code processed_events} (written by the notifier consuming the outbox, not by requests).
 */
final class StateSnapshot {

    static final Set<String> AUDITED_REFUSALS = Set.of("login_failed", "rate_limited");

    record UserRow(String digest, int failedLogins, String lockedUntil) {
    }

    record ChallengeRow(String digest, int attemptsLeft, String endedReason) {
    }

    private final Map<String, UserRow> users;
    private final Map<String, ChallengeRow> challenges;
    private final Map<String, String> outbox;
    private final Map<String, Long> audit;

    private StateSnapshot(Map<String, UserRow> users, Map<String, ChallengeRow> challenges, Map<String, String> outbox,
            Map<String, Long> audit) {
        this.users = users;
        this.challenges = challenges;
        this.outbox = outbox;
        this.audit = audit;
    }

    static StateSnapshot take(Connection db) throws SQLException {
        Map<String, UserRow> users = new HashMap<>();
        Map<String, ChallengeRow> challenges = new HashMap<>();
        Map<String, String> outbox = new HashMap<>();
        Map<String, Long> audit = new HashMap<>();
        try (Statement s = db.createStatement()) {
            try (ResultSet rs = s.executeQuery("select id::text, md5(concat_ws('|', email, phone, username, display_name, "
                    + "password_hash, is_verified, preferred_channel, locale, session_epoch, created_at)), failed_logins, "
                    + "locked_until::text from users")) {
                while (rs.next()) {
                    users.put(rs.getString(1), new UserRow(rs.getString(2), rs.getInt(3), rs.getString(4)));
                }
            }
            try (ResultSet rs = s.executeQuery("select id::text, md5(concat_ws('|', user_id, purpose, selector, "
                    + "encode(verifier_hash, 'hex'), "
                    // a spent code budget voids the code (code_hash null) and leaves the challenge live (issue 14 item 2)
                    + "(code_hash is not null or code_attempts_left = 0)::text, pending_changes::text, expires_at, created_at)), "
                    + "attempts_left, ended_reason from challenges")) {
                while (rs.next()) {
                    challenges.put(rs.getString(1), new ChallengeRow(rs.getString(2), rs.getInt(3), rs.getString(4)));
                }
            }
            try (ResultSet rs = s.executeQuery("select id::text, md5(concat_ws('|', aggregate_type, aggregate_id, type, "
                    + "payload::text, created_at)) from outbox")) {
                while (rs.next()) {
                    outbox.put(rs.getString(1), rs.getString(2));
                }
            }
            try (ResultSet rs = s.executeQuery("select type, count(*) from audit_log group by type")) {
                while (rs.next()) {
                    audit.put(rs.getString(1), rs.getLong(2));
                }
            }
        }
        return new StateSnapshot(users, challenges, outbox, audit);
    }

    /** @return every difference from {@code before} that a refusal may not cause; empty when there is none */
    List<String> changesSince(StateSnapshot before) {
        List<String> changes = new ArrayList<>();
        diffKeys("users", before.users.keySet(), users.keySet(), changes);
        before.users.forEach((id, old) -> {
            UserRow now = users.get(id);
            if (now == null) {
                return;
            }
            if (!now.digest().equals(old.digest())) {
                changes.add("users " + id + ": account columns changed");
            }
            if (now.failedLogins() < old.failedLogins()) {
                changes.add("users " + id + ": failed_logins went down from " + old.failedLogins() + " to " + now.failedLogins());
            }
            if (!Objects.equals(now.lockedUntil(), old.lockedUntil()) && now.failedLogins() == old.failedLogins()) {
                changes.add("users " + id + ": locked_until changed without a failed login");
            }
        });
        diffKeys("challenges", before.challenges.keySet(), challenges.keySet(), changes);
        before.challenges.forEach((id, old) -> {
            ChallengeRow now = challenges.get(id);
            if (now == null) {
                return;
            }
            if (!now.digest().equals(old.digest())) {
                changes.add("challenges " + id + ": columns changed");
            }
            if (now.attemptsLeft() > old.attemptsLeft()) {
                changes.add("challenges " + id + ": attempts_left went up");
            }
            if (!Objects.equals(now.endedReason(), old.endedReason())
                    && !(old.endedReason() == null && "exhausted".equals(now.endedReason()) && now.attemptsLeft() == 0)) {
                changes.add("challenges " + id + ": ended " + old.endedReason() + " -> " + now.endedReason());
            }
        });
        diffKeys("outbox", before.outbox.keySet(), outbox.keySet(), changes);
        before.outbox.forEach((id, digest) -> {
            if (outbox.containsKey(id) && !outbox.get(id).equals(digest)) {
                changes.add("outbox " + id + ": changed");
            }
        });
        audit.forEach((type, count) -> {
            long added = count - before.audit.getOrDefault(type, 0L);
            if (added != 0 && !AUDITED_REFUSALS.contains(type)) {
                changes.add("audit_log: " + added + " new '" + type + "' entries");
            }
        });
        return changes;
    }

    private static void diffKeys(String table, Set<String> before, Set<String> after, List<String> changes) {
        for (String id : after) {
            if (!before.contains(id)) {
                changes.add(table + ": new row " + id);
            }
        }
        for (String id : before) {
            if (!after.contains(id)) {
                changes.add(table + ": row " + id + " deleted");
            }
        }
    }
}
