package cn.tongjie.hub.court;

import static org.assertj.core.api.Assertions.assertThat;

import cn.tongjie.hub.registry.QuarantineEntry;
import cn.tongjie.hub.registry.QuarantineReplayer.Replayed;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.UUID;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.datasource.DriverManagerDataSource;

/**
 * A court message the court refused with a non-retryable fault is replayed by queueing it again through the court
 * outbox: as a new message (fresh messageId), same court, key and dispute, after an XSD check of the operator's edit;
 * an edit that is invalid or changes the operation is refused and nothing is queued.
 */
class CourtQuarantineReplayTest {

    private static final String ACK = """
            <cd:AcknowledgeDelegation xmlns:cd="urn:tongliao:court:docking:v1">
              <cd:messageId>d062c9ec-173c-5ae8-b846-0fc9c3938e9b</cd:messageId>
              <cd:sentAt>2026-03-24T11:00:00+08:00</cd:sentAt>
              <cd:courtCode>内0522</cd:courtCode>
              <cd:delegationId>WT0522-2026-000077</cd:delegationId>
              <cd:hubDisputeId>TJ-2026-0522-000051</cd:hubDisputeId>
              <cd:decision>DECLINED</cd:decision>
              <cd:decidedAt>2026-03-24T10:45:00+08:00</cd:decidedAt>
              <cd:declineReasonCode>OUT_OF_SCOPE</cd:declineReasonCode>
            </cd:AcknowledgeDelegation>""";

    private JdbcClient jdbc;
    private CourtQuarantineReplay replay;
    private long failedId;

    @BeforeEach
    void setUp() {
        DriverManagerDataSource ds = new DriverManagerDataSource("jdbc:h2:mem:court_replay_" + UUID.randomUUID()
                + ";MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE;DEFAULT_NULL_ORDERING=HIGH;DB_CLOSE_DELAY=-1", "sa", "");
        Flyway.configure().dataSource(ds).load().migrate();
        jdbc = JdbcClient.create(ds);
        Clock clock = Clock.fixed(Instant.parse("2026-03-25T02:00:00Z"), ZoneOffset.UTC);
        replay = new CourtQuarantineReplay(new CourtOutbound(jdbc, clock, e -> { }), jdbc);
        OffsetDateTime t = OffsetDateTime.parse("2026-03-24T03:00:00Z");
        jdbc.sql("insert into court_outbound (court_code, message_id, operation, object_key, dispute_id, payload, "
                + "status, attempts, created_at, next_attempt_at, reason_code) values ('内0522', "
                + "'d062c9ec-173c-5ae8-b846-0fc9c3938e9b', 'AcknowledgeDelegation', 'WT0522-2026-000077', "
                + "'TJ-2026-0522-000051', :p, 'FAILED', 1, :t, :t, 'INVALID_STATE')").param("p", ACK).param("t", t)
                .update();
        failedId = jdbc.sql("select id from court_outbound").query(Long.class).single();
    }

    private QuarantineEntry entry(String operation) {
        String headers = "{\"operation\":\"" + operation + "\",\"courtCode\":\"内0522\",\"objectKey\":"
                + "\"WT0522-2026-000077\",\"messageId\":\"d062c9ec-173c-5ae8-b846-0fc9c3938e9b\",\"outboundId\":"
                + failedId + "}";
        return new QuarantineEntry(3L, "court", "court-outbound/0522", null, null, null, null,
                ACK.getBytes(StandardCharsets.UTF_8), headers, "[]", "INVALID_STATE", "OPEN", null);
    }

    @Test
    void shouldHandleOnlyCourtOutboundEntries() {
        assertThat(replay.handles(entry("AcknowledgeDelegation"))).isTrue();
        assertThat(replay.handles(new QuarantineEntry(1L, "police", "police.110.dispute-handover", 0, 1L, null, null,
                null, "{}", "[]", "X", "OPEN", null))).isFalse();
    }

    @Test
    void shouldQueueTheEditedMessageAgainAsANewCourtMessage() {
        String edited = ACK.replace("<cd:declineReasonCode>OUT_OF_SCOPE", "<cd:declineReasonCode>NO_CAPACITY");
        Replayed r = replay.replay(entry("AcknowledgeDelegation"), edited.getBytes(StandardCharsets.UTF_8));

        assertThat(r.accepted()).as(r.reasons().toString()).isTrue();
        assertThat(r.disputeId()).isEqualTo("TJ-2026-0522-000051");
        var queued = jdbc.sql("select message_id, court_code, object_key, dispute_id, payload from court_outbound "
                + "where status = 'PENDING'").query().listOfRows();
        assertThat(queued).hasSize(1);
        String messageId = (String) queued.get(0).get("message_id");
        assertThat(messageId).isNotEqualTo("d062c9ec-173c-5ae8-b846-0fc9c3938e9b");
        assertThat(r.outcome()).isEqualTo("REQUEUED as " + messageId);
        assertThat(queued.get(0).get("court_code")).isEqualTo("内0522");
        assertThat(queued.get(0).get("object_key")).isEqualTo("WT0522-2026-000077");
        assertThat((String) queued.get(0).get("payload")).contains(messageId).contains("NO_CAPACITY");
        assertThat(jdbc.sql("select status from court_outbound where id = :id").param("id", failedId)
                .query(String.class).single()).as("the failed message stays as history").isEqualTo("FAILED");
    }

    @Test
    void shouldRefuseAnEditThatIsInvalidAgainstTheXsdOrChangesTheOperation() {
        Replayed invalid = replay.replay(entry("AcknowledgeDelegation"),
                ACK.replace(">DECLINED<", ">MAYBE<").getBytes(StandardCharsets.UTF_8));
        assertThat(invalid.accepted()).isFalse();
        assertThat(invalid.reasons()).singleElement().asString().startsWith("SCHEMA_INVALID");

        Replayed other = replay.replay(entry("ReportMediationResult"), ACK.getBytes(StandardCharsets.UTF_8));
        assertThat(other.accepted()).isFalse();
        assertThat(other.reasons()).singleElement().asString().startsWith("OPERATION_CHANGED");

        assertThat(jdbc.sql("select count(*) from court_outbound").query(Integer.class).single()).isEqualTo(1);
    }
}
