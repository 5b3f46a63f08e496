package io.countersign.user;

import io.vertx.mutiny.sqlclient.Row;

/**
 * A user row as the hot native statements select it (issue 19): every column of {@code users} under the prefix
 * {@code u_}, read from the row alias {@code v}, and the reading of such a row into a detached {@link User}. One
 * place, so that the statements of the user lookup ({@link IdentityLookup}) and of the challenges
 * ({@code challenge/ChallengeStatements}) hand the flows the same user as the entity path does.
 */
public final class UserRows {

    /** The select list of a user row aliased {@code v}. */
    public static final String COLUMNS = """
            v.id as u_id, v.email as u_email, v.phone as u_phone, v.username as u_username, v.display_name as u_display_name,
            v.password_hash as u_password_hash, v.is_verified as u_is_verified, v.preferred_channel as u_preferred_channel,
            v.locale as u_locale, v.session_epoch as u_session_epoch, v.failed_logins as u_failed_logins,
            v.locked_until as u_locked_until, v.terms_version as u_terms_version, v.terms_accepted_at as u_terms_accepted_at,
            v.terms_accepted_ip as u_terms_accepted_ip, v.created_at as u_created_at, v.updated_at as u_updated_at""";

    /** The select-list entry of {@link User#emailUndeliverable} for the row aliased {@code v}. */
    public static final String EMAIL_UNDELIVERABLE =
            "(select s.reason from email_suppressions s where s.address = v.email) as u_email_undeliverable";

    private UserRows() {
    }

    /** The user of a row selected with {@link #COLUMNS} (and {@link #EMAIL_UNDELIVERABLE}, when the row has it). */
    public static User read(Row row) {
        User user = new User();
        user.id = row.getUUID("u_id");
        user.email = row.getString("u_email");
        user.phone = row.getString("u_phone");
        user.username = row.getString("u_username");
        user.displayName = row.getString("u_display_name");
        user.passwordHash = row.getString("u_password_hash");
        user.verified = row.getBoolean("u_is_verified");
        user.preferredChannel = row.getString("u_preferred_channel");
        user.locale = row.getString("u_locale");
        user.sessionEpoch = row.getInteger("u_session_epoch");
        user.failedLogins = row.getInteger("u_failed_logins");
        user.lockedUntil = row.getOffsetDateTime("u_locked_until");
        user.termsVersion = row.getString("u_terms_version");
        user.termsAcceptedAt = row.getOffsetDateTime("u_terms_accepted_at");
        user.termsAcceptedIp = row.getString("u_terms_accepted_ip");
        user.createdAt = row.getOffsetDateTime("u_created_at");
        user.updatedAt = row.getOffsetDateTime("u_updated_at");
        if (row.getColumnIndex("u_email_undeliverable") >= 0) {
            user.emailUndeliverable = row.getString("u_email_undeliverable");
        }
        return user;
    }
}
