package io.countersign.selfservice;

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
 * Issue 17: expired snapshot rows had a purge nothing scheduled. The retention schedule (every second here, in batches
 * of three) now deletes stored snapshots and spent stateless ids an hour past their expiry, and nothing younger.
 */
@QuarkusTest
@TestProfile(SnapshotPurgeTest.Frequent.class)
class SnapshotPurgeTest {

    public static class Frequent implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("countersign.retention.every", "1s", "countersign.retention.first-run", "1s",
                    "countersign.retention.batch-size", "3");
        }
    }

    @Test
    void snapshotsAndSpentIdsGoAnHourAfterTheyExpire() {
        String process = "purge-" + UUID.randomUUID();
        for (int i = 0; i < 7; i++) {
            snapshot(process, "now() - interval '2 hours'");
            spent(process + "-old-" + i, "now() - interval '2 hours'");
        }
        snapshot(process, "now() - interval '10 minutes'"); // expired, but answers snapshot_expired for a while yet
        snapshot(process, "now() + interval '10 minutes'");
        spent(process + "-recent", "now() - interval '10 minutes'");
        spent(process + "-live", "now() + interval '10 minutes'");

        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(250)).untilAsserted(() -> {
            assertThat(count("select count(*) from selfservice_snapshots where process = ?", process)).isEqualTo(2);
            assertThat(count("select count(*) from selfservice_spent where jti_hash in "
                    + "(select sha256(convert_to(x, 'UTF8')) from unnest(?::text[]) x)", (Object) ids(process, 7))).isZero();
        });
        assertThat(count("select count(*) from selfservice_snapshots where process = ? and expires_at > now() - interval '1 hour'",
                process)).isEqualTo(2);
        assertThat(count("select count(*) from selfservice_spent where jti_hash in (sha256(convert_to(?, 'UTF8')), "
                + "sha256(convert_to(?, 'UTF8')))", process + "-recent", process + "-live")).isEqualTo(2);
    }

    private static void snapshot(String process, String expiresAt) {
        Sql.update("insert into selfservice_snapshots (token_hash, process, state, expires_at) values "
                + "(sha256(convert_to(gen_random_uuid()::text, 'UTF8')), ?, '\\x00'::bytea, " + expiresAt + ")", process);
    }

    private static void spent(String id, String expiresAt) {
        Sql.update("insert into selfservice_spent (jti_hash, expires_at) values (sha256(convert_to(?, 'UTF8')), " + expiresAt + ")", id);
    }

    private static String[] ids(String process, int n) {
        String[] ids = new String[n];
        for (int i = 0; i < n; i++) {
            ids[i] = process + "-old-" + i;
        }
        return ids;
    }

    private static long count(String sql, Object... params) {
        return Long.parseLong(Sql.column(sql, params));
    }
}
