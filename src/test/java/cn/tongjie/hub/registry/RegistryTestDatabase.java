package cn.tongjie.hub.registry;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import javax.sql.DataSource;
import org.flywaydb.core.Flyway;

/**
 * One database the registry tests run on, migrated with the real Flyway scripts. H2 (PostgreSQL mode, in memory) is
 * always there; PostgreSQL only when {@value #PG_ENV} is set, in a schema of its own that is dropped afterwards.
 * A PostgreSQL that is configured but unreachable makes every test on it fail (never skip). Rows are deleted before
 * each test, so every test starts from the empty, migrated schema.
 */
final class RegistryTestDatabase {

    static final String PG_ENV = "TONGJIE_TEST_PG_URL";

    /** Child tables first, so rows can be deleted without breaking foreign keys. */
    private static final List<String> TABLES = List.of("assignment", "dispute_xref", "dispute_snapshot_history",
            "timeline_event", "dispute_fact", "legal_event", "inbound_message", "quarantine", "hub_id_sequence", "outbox",
            "audit_log", "alert", "dispute_party_key", "dispute");

    private final String name;
    private final String baseUrl;
    private final boolean postgres;
    private HikariDataSource dataSource;
    private String schema;
    private RuntimeException failure;

    private RegistryTestDatabase(String name, String baseUrl, boolean postgres) {
        this.name = name;
        this.baseUrl = baseUrl;
        this.postgres = postgres;
    }

    /** H2 always; PostgreSQL when the environment names one. */
    static List<RegistryTestDatabase> available() {
        List<RegistryTestDatabase> out = new ArrayList<>();
        out.add(new RegistryTestDatabase("H2", "jdbc:h2:mem:tj_registry_" + random()
                + ";MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE;DEFAULT_NULL_ORDERING=HIGH;DB_CLOSE_DELAY=-1", false));
        String pg = System.getenv(PG_ENV);
        if (pg != null && !pg.isBlank()) {
            out.add(new RegistryTestDatabase("PostgreSQL", pg.trim(), true));
        }
        return out;
    }

    boolean postgres() {
        return postgres;
    }

    /** The migrated database, emptied of rows; created on first use. */
    synchronized DataSource freshDataSource() {
        if (failure != null) {
            throw failure;
        }
        if (dataSource == null) {
            try {
                dataSource = open();
            } catch (RuntimeException e) {
                failure = e;
                throw e;
            }
        }
        deleteAllRows();
        return dataSource;
    }

    private HikariDataSource open() {
        String url = baseUrl;
        if (postgres) {
            schema = "tj_test_" + random();
            try (Connection c = DriverManager.getConnection(baseUrl); Statement s = c.createStatement()) {
                s.execute("create schema " + schema);
            } catch (SQLException e) {
                throw new IllegalStateException(PG_ENV + " is set but PostgreSQL is unreachable or refuses to create a "
                        + "schema (" + baseUrl + "): " + e.getMessage(), e);
            }
            url = baseUrl + (baseUrl.contains("?") ? "&" : "?") + "currentSchema=" + schema;
        }
        HikariConfig config = new HikariConfig();
        config.setJdbcUrl(url);
        if (!postgres) {
            config.setUsername("sa");
            config.setPassword("");
        }
        config.setMaximumPoolSize(4);
        config.setConnectionTimeout(10_000);
        config.setPoolName("registry-test-" + name);
        HikariDataSource ds = new HikariDataSource(config);
        try {
            var flyway = Flyway.configure().dataSource(ds).locations("classpath:db/migration")
                    .javaMigrations(new V26__PartyKeysBackfill());
            if (postgres) {
                flyway.schemas(schema);
            }
            flyway.load().migrate();
            return ds;
        } catch (RuntimeException e) {
            ds.close();
            throw e;
        }
    }

    private void deleteAllRows() {
        try (Connection c = dataSource.getConnection(); Statement s = c.createStatement()) {
            for (String table : TABLES) {
                s.executeUpdate("delete from " + table);
            }
        } catch (SQLException e) {
            throw new IllegalStateException("could not empty the test database " + name, e);
        }
    }

    /**
     * Drops the database (H2: shutdown; PostgreSQL: the schema). Not {@link AutoCloseable} on purpose: JUnit closes
     * auto-closeable arguments after every invocation, and the database lives for the whole test class.
     */
    synchronized void drop() throws SQLException {
        try {
            if (dataSource != null) {
                dataSource.close();
                if (!postgres) {
                    // DB_CLOSE_DELAY=-1 keeps the in-memory database until it is shut down explicitly
                    try (Connection c = DriverManager.getConnection(baseUrl, "sa", "");
                            Statement s = c.createStatement()) {
                        s.execute("shutdown");
                    }
                }
            }
        } finally {
            dataSource = null;
            if (postgres && schema != null) {
                try (Connection c = DriverManager.getConnection(baseUrl); Statement s = c.createStatement()) {
                    s.execute("drop schema " + schema + " cascade");
                }
                schema = null;
            }
        }
    }

    private static String random() {
        return UUID.randomUUID().toString().replace("-", "").substring(0, 12);
    }

    @Override
    public String toString() {
        return name;
    }
}
