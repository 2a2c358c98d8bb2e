package cn.tongjie.hub.it;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.UUID;

/**
 * The store the integration tests use: PostgreSQL in a fresh schema when TONGJIE_TEST_PG_URL is set (CI sets it),
 * otherwise an in-memory H2 in PostgreSQL mode. An unreachable PostgreSQL fails the tests; it never silently skips.
 */
public final class TestDatabase {

    public static final String PG_ENV = "TONGJIE_TEST_PG_URL";

    private TestDatabase() {
    }

    public static boolean postgres() {
        String url = System.getenv(PG_ENV);
        return url != null && !url.isBlank();
    }

    /** A JDBC URL of a database nobody else uses. */
    public static String freshUrl(String label) {
        if (!postgres()) {
            return "jdbc:h2:mem:" + label + "-" + UUID.randomUUID()
                    + ";DB_CLOSE_DELAY=-1;MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE;DEFAULT_NULL_ORDERING=HIGH";
        }
        String base = System.getenv(PG_ENV);
        String schema = "tj_" + label.replaceAll("[^a-z0-9]", "") + "_" + UUID.randomUUID().toString().substring(0, 8);
        try (Connection c = DriverManager.getConnection(base)) {
            c.createStatement().execute("create schema " + schema);
        } catch (SQLException e) {
            throw new AssertionError("TONGJIE_TEST_PG_URL is set but PostgreSQL is unreachable: " + e.getMessage(), e);
        }
        return base + (base.contains("?") ? "&" : "?") + "currentSchema=" + schema;
    }
}
