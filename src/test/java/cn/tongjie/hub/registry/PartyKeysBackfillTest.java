package cn.tongjie.hub.registry;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.Test;

/**
 * An upgrade to the party-key index (V25/V26) on a database with disputes in it: the open disputes and the reports
 * attached to them get their keys, so a report arriving after the upgrade is still correlated with them; ended
 * disputes are no candidates and get none.
 */
class PartyKeysBackfillTest {

    private static final String POLICE = """
            {"parties":[{"name":"巴特尔","idNumber":"152301197211200512"},{"name":"赵𠮷安"}]}""";
    private static final String GRID = """
            {"parties":[{"name":"王丽"}]}""";

    @Test
    void shouldIndexTheOpenDisputesAndTheirAttachedReportsThatExistedBeforeTheUpgrade() throws SQLException {
        String url = "jdbc:h2:mem:tj_backfill_" + UUID.randomUUID().toString().replace("-", "")
                + ";MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE;DEFAULT_NULL_ORDERING=HIGH;DB_CLOSE_DELAY=-1";
        Flyway.configure().dataSource(url, "sa", "").locations("classpath:db/migration").target("25").load().migrate();
        try (Connection c = DriverManager.getConnection(url, "sa", "")) {
            dispute(c, "TJ-OPEN", "REGISTERED", "150502001001", POLICE);
            dispute(c, "TJ-ENDED", "CONCLUDED", "150502001001", POLICE);
            dispute(c, "TJ-COUNTY", "REGISTERED", "150502", POLICE);
            try (PreparedStatement m = c.prepareStatement("""
                    insert into correlation_member (agency, ref_type, ref, dispute_id, provisional_id, source_channel,
                      category, region_code, urgent, mass, snapshot, matched_on, state, created_at)
                    values ('grid', 'event_id', 'SJ1', 'TJ-OPEN', 'TJ-P1', 'GRID_REPORT', 'NEIGHBOUR', '150502001002',
                      false, false, ?, 'NAMES', 'ACTIVE', current_timestamp)""")) {
                m.setString(1, GRID);
                m.executeUpdate();
            }

            Flyway.configure().dataSource(url, "sa", "").locations("classpath:db/migration")
                    .javaMigrations(new V26__PartyKeysBackfill()).load().migrate();

            List<String> open = keys(c, "TJ-OPEN");
            assertThat(open).containsExactlyInAnyOrderElementsOf(expected("150502001", POLICE, GRID));
            assertThat(keys(c, "TJ-ENDED")).isEmpty();
            assertThat(keys(c, "TJ-COUNTY")).as("a county-only code never correlates").isEmpty();
        }
    }

    private static List<String> expected(String township, String... snapshots) {
        List<String> out = new ArrayList<>();
        for (String s : snapshots) {
            PartyKeys.of(s).forEach(k -> out.add(township + ":" + k));
        }
        return out;
    }

    private static void dispute(Connection c, String id, String status, String region, String snapshot)
            throws SQLException {
        try (PreparedStatement p = c.prepareStatement("""
                insert into dispute (dispute_id, status, category, region_code, source_agency, source_channel,
                  source_ref, snapshot, created_at, updated_at)
                values (?, ?, 'NEIGHBOUR', ?, 'police', 'POLICE_HANDOVER', ?, ?, current_timestamp, current_timestamp)""")) {
            p.setString(1, id);
            p.setString(2, status);
            p.setString(3, region);
            p.setString(4, "J-" + id);
            p.setString(5, snapshot);
            p.executeUpdate();
        }
    }

    private static List<String> keys(Connection c, String disputeId) throws SQLException {
        List<String> out = new ArrayList<>();
        try (PreparedStatement p = c.prepareStatement(
                "select township, key_hash from dispute_party_key where dispute_id = ?")) {
            p.setString(1, disputeId);
            try (ResultSet rs = p.executeQuery()) {
                while (rs.next()) {
                    out.add(rs.getString(1) + ":" + rs.getString(2));
                }
            }
        }
        return out;
    }
}
