package io.countersign.testing;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Locale;

/**
 * Looks accounts up in the test database. Sign-up answers 202 without an id when enumeration protection is on
 * (the default), so tests find the account they created by its address.
 */
public final class Accounts {

    private Accounts() {
    }

    /** The id of the account with this email (compared in lower case), or an AssertionError if none. */
    public static String idOf(String email) {
        return query("select id::text from users where email = ?", email.strip().toLowerCase(Locale.ROOT));
    }

    /** The id of the account with this phone number (E.164 as stored). */
    public static String idOfPhone(String phone) {
        return query("select id::text from users where phone = ?", phone);
    }

    /** Whether an account with this email exists. */
    public static boolean exists(String email) {
        try (Connection c = Infra.postgres().connect();
                PreparedStatement ps = c.prepareStatement("select count(*) from users where email = ?")) {
            ps.setString(1, email.strip().toLowerCase(Locale.ROOT));
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getLong(1) > 0;
            }
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String query(String sql, String value) {
        try (Connection c = Infra.postgres().connect(); PreparedStatement ps = c.prepareStatement(sql)) {
            ps.setString(1, value);
            try (ResultSet rs = ps.executeQuery()) {
                if (!rs.next()) {
                    throw new AssertionError("no account for " + value);
                }
                return rs.getString(1);
            }
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }
}
