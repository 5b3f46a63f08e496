package io.countersign.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.Test;

import io.countersign.testing.Sql;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;

/**
 * Issue 14 item 8: nothing deleted old audit entries or dead challenges. The retention job, run by the scheduler
 * every second here in batches of three, deletes what is past its retention and nothing else.
 */
@QuarkusTest
@TestProfile(RetentionTest.Frequent.class)
class RetentionTest {

    public static class Frequent implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("countersign.retention.every", "1s", "countersign.retention.first-run", "1s",
                    "countersign.retention.batch-size", "3");
        }
    }

    @Test
    void oldAuditEntriesAndDeadChallengesGoWhileRecentAndLiveOnesStay() {
        UUID user = user();
        for (int i = 0; i < 8; i++) {
            Sql.update("insert into audit_log (user_id, type, at) values (?, 'retention_old', now() - interval '400 days')", user);
        }
        Sql.update("insert into audit_log (user_id, type, at) values (?, 'retention_recent', now() - interval '300 days')", user);
        challenge(user, "verify", "now() - interval '40 days'", "now() - interval '41 days'", "used");
        challenge(user, "reset", "now() - interval '35 days'", "now() - interval '40 days'", "exhausted");
        challenge(user, "revert", null, "now() - interval '31 days'", null); // expired, never ended
        String recentEnd = challenge(user, "verify", "now() - interval '29 days'", "now() - interval '30 days'", "superseded");
        String live = challenge(user, "reset", null, "now() + interval '1 hour'", null);
        String recentExpiry = challenge(user, "identity_change", null, "now() - interval '1 day'", null);

        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(250)).untilAsserted(() -> {
            assertThat(count("select count(*) from audit_log where user_id = ? and type = 'retention_old'", user)).isZero();
            assertThat(count("select count(*) from challenges where user_id = ?", user)).isEqualTo(3);
        });
        assertThat(count("select count(*) from audit_log where user_id = ? and type = 'retention_recent'", user)).isEqualTo(1);
        assertThat(Sql.rows("select id::text from challenges where user_id = ? order by id", user))
                .containsExactlyInAnyOrder(recentEnd, live, recentExpiry);
    }

    private static UUID user() {
        UUID id = UUID.randomUUID();
        Sql.update("insert into users (id, email, is_verified) values (?, ?, true)", id, "retention-" + id + "@example.com");
        return id;
    }

    private static String challenge(UUID user, String purpose, String consumedAt, String expiresAt, String reason) {
        UUID id = UUID.randomUUID();
        Sql.update("insert into challenges (id, user_id, purpose, selector, verifier_hash, attempts_left, code_attempts_left, "
                + "expires_at, consumed_at, ended_reason) values (?, ?, ?, ?, '\\x00'::bytea, 5, 5, " + expiresAt + ", "
                + consumedAt + ", ?)", id, user, purpose, id.toString(), reason);
        return id.toString();
    }

    private static long count(String sql, Object... params) {
        return Long.parseLong(Sql.column(sql, params));
    }
}
