package io.countersign.local;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import io.countersign.testing.Infra;

/**
 * The message lifecycle of a caught e-mail (docs/delivery.md), read from the local run's database: the notifier
 * sends every e-mail under the Message-ID {@code <notification id@countersign>}, which names its {@code messages} row.
 */
final class MessageHistory {

    private static final Pattern MESSAGE_ID = Pattern.compile("<([0-9a-f-]{36})@countersign>");
    private static final String HISTORY = "select h.at, h.state, h.attempt, h.detail, m.type from message_history h "
            + "join messages m on m.id = h.message_id where h.message_id = ? order by h.id";

    private final Infra.Postgres db;

    MessageHistory(Infra.Postgres db) {
        this.db = db;
    }

    /** The history rows (at, state, attempt, detail, type), oldest first; empty when the Message-ID is not ours. */
    List<Map<String, Object>> of(String messageId) {
        Matcher m = messageId == null ? null : MESSAGE_ID.matcher(messageId);
        if (m == null || !m.matches()) {
            return List.of();
        }
        List<Map<String, Object>> rows = new ArrayList<>();
        try (Connection c = db.connect(); PreparedStatement ps = c.prepareStatement(HISTORY)) {
            ps.setObject(1, UUID.fromString(m.group(1)));
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    Map<String, Object> row = new LinkedHashMap<>();
                    row.put("at", rs.getTimestamp("at").toInstant().toString());
                    row.put("state", rs.getString("state"));
                    row.put("attempt", rs.getInt("attempt"));
                    row.put("detail", rs.getString("detail"));
                    row.put("type", rs.getString("type"));
                    rows.add(row);
                }
            }
        } catch (SQLException e) {
            return List.of(Map.of("state", "unavailable", "detail", e.getMessage()));
        }
        return rows;
    }
}
