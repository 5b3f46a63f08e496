package io.countersign.testing;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;

/** Plain JDBC against the test database, for tests that look at (or arrange) rows directly. */
public final class Sql {

    private Sql() {
    }

    /** Runs one statement; returns the first column of its rows (empty for a statement without a result). */
    public static List<String> rows(String sql, Object... params) {
        try (Connection c = Infra.postgres().connect(); PreparedStatement ps = c.prepareStatement(sql)) {
            for (int i = 0; i < params.length; i++) {
                ps.setObject(i + 1, params[i]);
            }
            List<String> out = new ArrayList<>();
            if (ps.execute()) {
                try (ResultSet rs = ps.getResultSet()) {
                    while (rs.next()) {
                        out.add(rs.getString(1));
                    }
                }
            }
            return out;
        } catch (SQLException e) {
            throw new AssertionError(e);
        }
    }

    /** The first column of the first row, or null when there is none. */
    public static String column(String sql, Object... params) {
        List<String> rows = rows(sql, params);
        return rows.isEmpty() ? null : rows.get(0);
    }

    /** Runs an insert, update or delete; returns the rows it changed. */
    public static int update(String sql, Object... params) {
        try (Connection c = Infra.postgres().connect(); PreparedStatement ps = c.prepareStatement(sql)) {
            for (int i = 0; i < params.length; i++) {
                ps.setObject(i + 1, params[i]);
            }
            return ps.executeUpdate();
        } catch (SQLException e) {
            throw new AssertionError(e);
        }
    }
}
