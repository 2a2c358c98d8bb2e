package cn.tongjie.hub.registry;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.HashSet;
import java.util.Set;
import org.flywaydb.core.api.migration.BaseJavaMigration;
import org.flywaydb.core.api.migration.Context;
import org.springframework.stereotype.Component;

/**
 * Fills the party-key index (V25) for the disputes registered before it existed: every dispute not yet ended and every
 * report attached to one, so a report arriving after the upgrade still finds them. A Java migration because the keys
 * are digests of normalised names read from the JSON snapshots, which SQL cannot compute portably. Spring Boot hands
 * this bean to Flyway; it runs once, in Flyway's transaction, like the SQL migrations.
 */
@Component
class V26__PartyKeysBackfill extends BaseJavaMigration {

    @Override
    public void migrate(Context context) throws SQLException {
        Connection c = context.getConnection();
        Set<String> done = new HashSet<>();
        try (PreparedStatement insert = c.prepareStatement(
                "insert into dispute_party_key (township, key_hash, dispute_id) values (?, ?, ?)")) {
            index(c, insert, done, """
                    select dispute_id, region_code, snapshot from dispute
                    where status not in ('CONCLUDED', 'UNRESOLVED')""");
            index(c, insert, done, """
                    select m.dispute_id, m.region_code, m.snapshot from correlation_member m
                    join dispute d on d.dispute_id = m.dispute_id
                    where m.state = 'ACTIVE' and d.status not in ('CONCLUDED', 'UNRESOLVED')""");
            insert.executeBatch();
        }
    }

    private static void index(Connection c, PreparedStatement insert, Set<String> done, String query)
            throws SQLException {
        try (PreparedStatement q = c.prepareStatement(query); ResultSet rs = q.executeQuery()) {
            while (rs.next()) {
                String disputeId = rs.getString(1);
                String township = PartyKeys.township(rs.getString(2)).orElse(null);
                if (township == null) {
                    continue;
                }
                for (String k : PartyKeys.of(rs.getString(3))) {
                    if (done.add(township + ":" + k + ":" + disputeId)) {
                        insert.setString(1, township);
                        insert.setString(2, k);
                        insert.setString(3, disputeId);
                        insert.addBatch();
                    }
                }
            }
        }
    }
}
