package cn.tongjie.hub.court;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import cn.tongjie.hub.infra.HubClock;
import cn.tongjie.hub.it.HubIT;
import cn.tongjie.hub.it.HubITSupport;
import cn.tongjie.hub.registry.Dispute;
import cn.tongjie.hub.registry.DisputeRegistry;
import cn.tongjie.hub.registry.DisputeStatus;
import java.time.Clock;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.camel.CamelExecutionException;
import org.apache.camel.ProducerTemplate;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import tongliao.court.docking.v1.ReceiptType;

/**
 * Replays every court → hub sample that reaches the operation routes (manifest rows whose answer is decided in steps
 * 13–15; transport, XML, security and schema rows belong to the gate) in manifest order, at the row's clock, and
 * checks the manifest's expect and field. H2C rows are reached by seeding the hub (contract §16 "Seed the hub"):
 * acknowledgements and results mark and close the delegation, the transfer and applications the court accepted are
 * rows in state ACCEPTED.
 */
@HubIT
class CourtOperationSamplesIT extends HubITSupport {

    /** Rows the gate answers before any operation route runs (steps 1–12). */
    private static final Set<String> GATE_ROWS = Set.of("invalid-nonce-replayed.xml",
            "invalid-missing-required-field.xml", "invalid-wrong-namespace.xml", "invalid-expired-timestamp.xml",
            "invalid-xxe-doctype.xml", "invalid-wrong-password-digest.xml", "invalid-password-text.xml",
            "invalid-court-mismatch.xml", "invalid-malformed-xml.xml", "invalid-soap12-envelope.xml",
            "invalid-encoding-gb18030.xml", "invalid-must-understand-header.xml", "invalid-billion-laughs.xml",
            "invalid-body-over-10-mib.seed.xml");

    @Autowired
    ProducerTemplate template;
    @Autowired
    Clock clock;
    @Autowired
    Delegations delegations;
    @Autowired
    DisputeRegistry registry;

    @Test
    void shouldAnswerEveryCourtToHubSampleAsTheManifestExpects() {
        int replayed = 0;
        for (CourtOperationSamples.Row row : CourtOperationSamples.manifest()) {
            ((HubClock) clock).jumpTo(row.clock().toInstant());
            if (row.direction().equals("H2C")) {
                seed(row);
                continue;
            }
            if (GATE_ROWS.contains(row.file())) {
                continue;
            }
            Object body = CourtOperationSamples.body(row.file());
            String expect = row.expect();
            if (expect.startsWith("FAULT:")) {
                CourtFaultException f = fault(row, body);
                assertThat(f.code().name()).as(row.file()).isEqualTo(expect.substring("FAULT:".length()));
                assertThat(f.field()).as(row.file()).isEqualTo(row.field());
            } else {
                ReceiptType r = send(row, body);
                CourtOperationSamples.SampleReceipt sample = CourtOperationSamples.sampleReceipt(row.responseFile());
                assertThat(r.getStatus().value() + (r.getReasonCode() == null ? "" : ":" + r.getReasonCode()))
                        .as(row.file()).isEqualTo(expect.substring("RECEIPT:".length()));
                assertThat(r.getMessageId()).as(row.file()).isEqualTo(sample.messageId());
                assertThat(CourtTimes.toInstant(r.getReceivedAt()).toInstant())
                        .as(row.file()).isEqualTo(OffsetDateTime.parse(sample.receivedAt()).toInstant());
                assertThat(r.getReceivedAt().toXMLFormat()).as(row.file()).endsWith("+08:00");
                assertThat(r.getField()).as(row.file()).isEqualTo(row.field().isEmpty() ? null : row.field());
                assertThat(r.getReceiptId()).matches("[A-Za-z0-9][A-Za-z0-9._-]{7,63}");
            }
            replayed++;
        }
        assertThat(replayed).isEqualTo(22);

        // what the replay left behind, as an operator would see it
        assertThat(hub.count("select count(*) from court_delegation")).isEqualTo(7);
        assertThat(hub.count("select count(*) from dispute where source_agency = 'court'")).isEqualTo(7);
        assertThat(jdbc.sql("select state || '/' || closed_reason from court_delegation where delegation_id = ?")
                .param("WT0502-2026-000918").query(String.class).single()).isEqualTo("CLOSED/WITHDRAWN");
        assertThat(jdbc.sql("select filed_case_no from court_delegation where delegation_id = ?")
                .param("WP0521-2024-000233").query(String.class).single()).isEqualTo("（2024）内0521民初2871号");
        assertThat(jdbc.sql("select state || '/' || filed_case_no from court_transfer").query(String.class).single())
                .isEqualTo("FILED/（2026）内0523民初517号");
        assertThat(jdbc.sql("select state from court_application order by application_id").query(String.class)
                .list()).containsExactly("CONFIRMED", "RULED_REJECTED");
        assertThat(hub.count("select count(*) from alert where code = 'COURT_JC_RULED_REJECTED'")).isEqualTo(1);
        // the withdrawal stops mediation; the filing of the already-closed CF delegation needs no second stop
        assertThat(hub.count("select count(*) from outbox where payload like '%dispute.withdrawn%'")).isEqualTo(1);
        // every receipt recorded once; faulted requests never
        assertThat(hub.count("select count(*) from court_inbound")).isEqualTo(14);
        assertThat(hub.count("select count(*) from court_delegation where state = 'OPEN'")).isEqualTo(1);
    }

    private ReceiptType send(CourtOperationSamples.Row row, Object body) {
        return template.requestBodyAndHeaders(CourtHeaders.routeOf(row.operation()), body, Map.of(
                CourtHeaders.AUTHENTICATED_COURT, row.court(),
                CourtHeaders.RECEIVED_AT, row.clock(),
                CourtHeaders.OPERATION, row.operation()), ReceiptType.class);
    }

    private CourtFaultException fault(CourtOperationSamples.Row row, Object body) {
        try {
            send(row, body);
        } catch (CamelExecutionException e) {
            if (e.getCause() instanceof CourtFaultException f) {
                return f;
            }
            throw e;
        }
        return fail(row.file() + " was answered with a receipt, expected " + row.expect());
    }

    /** The state each H2C row stands for (§16 "Seed the hub"). */
    private void seed(CourtOperationSamples.Row row) {
        String f = row.file();
        String court = row.court();
        if (f.contains("acknowledge-delegation-accepted")) {
            delegations.markAckQueued(court, openDelegation(court), "ACCEPTED");
        } else if (f.contains("acknowledge-delegation-declined")) {
            String d = openDelegation(court);
            delegations.markAckQueued(court, d, "DECLINED");
            delegations.close(court, d, "DECLINED");
        } else if (f.contains("report-result")) {
            String d = openDelegation(court);
            String type = f.replaceAll(".*report-result-([a-z]+)\\.xml", "$1").toUpperCase(java.util.Locale.ROOT);
            delegations.markResultQueued(court, d, type);
            delegations.close(court, d, "RESULT");
        } else if (f.equals("valid-ca4-apply-judicial-confirmation.xml")) {
            application("TJ-JC-2024-000087", disputeOf("WP0502-2024-000567"), court, row.clock());
        } else if (f.equals("valid-cg1-apply-judicial-confirmation-hub-originated.xml")) {
            application("TJ-JC-2026-000152", hubDispute("TJ-20260605-900152", "150525100", row.clock()), court,
                    row.clock());
        } else if (f.equals("valid-ce1-transfer-for-filing.xml")) {
            String dispute = hubDispute("TJ-20260511-900031", "150523100", row.clock());
            jdbc.sql("insert into court_transfer (transfer_id, dispute_id, court_code, state, sent_at, created_at, "
                    + "updated_at) values ('TJ-TF-2026-000031', ?, ?, 'ACCEPTED', ?, ?, ?)")
                    .params(dispute, court, utc(row.clock()), utc(row.clock()), utc(row.clock())).update();
        } else {
            fail("no seed for " + f);
        }
    }

    private String openDelegation(String court) {
        List<String> open = jdbc.sql("select delegation_id from court_delegation where court_code = ? and state = "
                + "'OPEN' order by received_at desc").param(court).query(String.class).list();
        assertThat(open).as("open delegation of " + court).isNotEmpty();
        return open.get(0);
    }

    private String disputeOf(String delegationId) {
        return jdbc.sql("select dispute_id from court_delegation where delegation_id = ?").param(delegationId)
                .query(String.class).single();
    }

    private void application(String id, String disputeId, String court, OffsetDateTime at) {
        jdbc.sql("insert into court_application (application_id, dispute_id, court_code, agreement_date, deadline, "
                + "state, created_at, updated_at) values (?, ?, ?, ?, ?, 'ACCEPTED', ?, ?)")
                .params(id, disputeId, court, at.toLocalDate().minusDays(5), at.toLocalDate().plusDays(25), utc(at),
                        utc(at)).update();
    }

    /** A hub-originated dispute (stories CE and CG start outside the court). */
    private String hubDispute(String id, String region, OffsetDateTime at) {
        registry.create(new Dispute(id, DisputeStatus.CONCLUDED, "FAILURE", "CONTRACT", region, "legal-service",
                "PARTY_APPLICATION", id, null, false, false, false, "{}", at, at));
        return id;
    }

    private static OffsetDateTime utc(OffsetDateTime t) {
        return t.withOffsetSameInstant(ZoneOffset.UTC);
    }
}
