package dev.slipway.store;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Optional;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.core.argument.AbstractArgumentFactory;
import org.jdbi.v3.core.argument.Argument;
import org.jdbi.v3.core.config.ConfigRegistry;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.json.JsonMapper;

/** What every repository of the store shares: how instants and JSON columns travel, and what a conflict is. */
final class Sql {

    static final JsonMapper JSON = JsonMapper.builder().build();

    private Sql() {
    }

    /**
     * Instants go over JDBC as UTC {@link OffsetDateTime}s: JDBI's default (a {@code java.sql.Timestamp}) passes
     * through the JVM's time zone, which shifts times around a daylight-saving change.
     */
    static void configure(Jdbi jdbi) {
        jdbi.registerArgument(new AbstractArgumentFactory<Instant>(Types.TIMESTAMP_WITH_TIMEZONE) {
            @Override
            protected Argument build(Instant value, ConfigRegistry config) {
                return (position, statement, context) ->
                        statement.setObject(position, OffsetDateTime.ofInstant(value, ZoneOffset.UTC));
            }
        });
    }

    static Instant instant(ResultSet row, String column) throws SQLException {
        OffsetDateTime time = row.getObject(column, OffsetDateTime.class);
        return time == null ? null : time.toInstant();
    }

    static Optional<Instant> optionalInstant(ResultSet row, String column) throws SQLException {
        return Optional.ofNullable(instant(row, column));
    }

    static Optional<String> optionalString(ResultSet row, String column) throws SQLException {
        return Optional.ofNullable(row.getString(column));
    }

    static String json(Object value) {
        return JSON.writeValueAsString(value);
    }

    static <T> T json(String text, TypeReference<T> type) {
        return JSON.readValue(text, type);
    }

    /**
     * True when {@code failure} is a write that lost to another writer: a duplicate key (SQLSTATE 23505 on both
     * databases) or H2's concurrent update of the same row.
     */
    static boolean conflict(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (t instanceof SQLException sql && ("23505".equals(sql.getSQLState()) || sql.getErrorCode() == 90131)) {
                return true;
            }
        }
        return false;
    }
}
