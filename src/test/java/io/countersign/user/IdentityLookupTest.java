package io.countersign.user;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

import org.junit.jupiter.api.Test;

import io.countersign.testing.Sql;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;

/**
 * {@link IdentityLookup}'s statement run against PostgreSQL (issue 19): the first read of forgot-password and
 * resend, which must find the same account with the same fields as the entity path's HQL
 * ({@link UserRepository#findByIdentity}) did.
 */
@QuarkusTest
class IdentityLookupTest {

    private static final Duration WAIT = Duration.ofSeconds(10);

    @Inject
    IdentityLookup lookup;

    @Test
    void findsByEachFieldAsTheUniqueIndexesCompareThem() {
        UUID id = UUID.randomUUID();
        String tag = id.toString().substring(0, 8);
        String phone = "+4930" + (1000000 + Math.abs(id.hashCode() % 8999999));
        Sql.update("insert into users (id, email, phone, username, display_name, password_hash, is_verified, preferred_channel, locale,"
                + " session_epoch, failed_logins, terms_version, terms_accepted_at, terms_accepted_ip) values (?::uuid, ?, ?, ?, 'Ada', '$cs1$h', true, 'sms',"
                + " 'de', 3, 2, 'v7', now(), '10.1.2.3')", id.toString(), "lookup-" + tag + "@example.com", phone, "Lookup_" + tag);

        for (Map<String, String> raw : List.of(Map.of("email", "LOOKUP-" + tag + "@Example.com"), Map.of("phone", phone),
                Map.of("username", "LOOKUP_" + tag.toUpperCase()), Map.of("email", "lookup-" + tag + "@example.com", "username", "lookup_" + tag))) {
            List<User> found = lookup.find(Identity.of(raw)).await().atMost(WAIT);
            assertThat(found).as("%s", raw).hasSize(1);
            User user = found.get(0);
            assertThat(user.id).isEqualTo(id);
            assertThat(user.email).isEqualTo("lookup-" + tag + "@example.com");
            assertThat(user.phone).isEqualTo(phone);
            assertThat(user.username).isEqualTo("Lookup_" + tag);
            assertThat(user.displayName).isEqualTo("Ada");
            assertThat(user.passwordHash).isEqualTo("$cs1$h");
            assertThat(user.verified).isTrue();
            assertThat(user.preferredChannel).isEqualTo("sms");
            assertThat(user.locale).isEqualTo("de");
            assertThat(user.sessionEpoch).isEqualTo(3);
            assertThat(user.failedLogins).isEqualTo(2);
            assertThat(user.termsVersion).isEqualTo("v7");
            assertThat(user.termsAcceptedIp).isEqualTo("10.1.2.3");
            assertThat(user.termsAcceptedAt).isNotNull();
            assertThat(user.createdAt).isNotNull();
            assertThat(user.updatedAt).isEqualTo(user.createdAt);
            assertThat(user.emailUndeliverable).isNull();
        }
        // two fields that name different accounts name none, as the entity path's "and" does
        assertThat(lookup.find(Identity.of(Map.of("email", "lookup-" + tag + "@example.com", "username", "someone_else")))
                .await().atMost(WAIT)).isEmpty();
        assertThat(lookup.find(Identity.of(Map.of("email", "nobody-" + tag + "@example.com"))).await().atMost(WAIT)).isEmpty();
    }

    @Test
    void readsTheSuppressionOfTheAddressWithTheAccount() {
        UUID id = UUID.randomUUID();
        String email = "bounced-" + id.toString().substring(0, 8) + "@example.com";
        Sql.update("insert into users (id, email, password_hash, is_verified) values (?::uuid, ?, '$cs1$h', true)", id.toString(), email);
        Sql.update("insert into email_suppressions (address, reason, provider) values (?, 'hard_bounce', 'test')", email);
        assertThat(lookup.find(Identity.of(Map.of("email", email))).await().atMost(WAIT)).singleElement()
                .satisfies(user -> assertThat(user.emailUndeliverable).isEqualTo("hard_bounce"));
    }

    @Test
    void theUserRowOfTheNativeStatementsHasEveryColumnOfTheTable() {
        List<String> table = Sql.rows("select column_name from information_schema.columns where table_name = 'users' order by 1");
        Matcher selected = Pattern.compile("v\\.(\\w+) as u_\\1").matcher(UserRows.COLUMNS);
        List<String> columns = selected.results().map(m -> m.group(1)).sorted().collect(Collectors.toList());
        assertThat(columns).as("UserRows.COLUMNS against the users table (a new column must be read too)").isEqualTo(table);
    }
}
