package cn.tongjie.hub.legal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import cn.tongjie.hub.canonical.CanonicalEvents;
import cn.tongjie.hub.canonical.EventData;
import cn.tongjie.hub.canonical.EventType;
import cn.tongjie.hub.it.Handovers;
import cn.tongjie.hub.it.HubFixture;
import cn.tongjie.hub.it.HubIT;
import cn.tongjie.hub.it.HubITSupport;
import cn.tongjie.hub.simulator.legal.LegalServiceSimulator;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.transaction.support.TransactionTemplate;

/** The source withdrew a dispute (canonical dispute.withdrawn): the committee's case is withdrawn (legal-service §6). */
@HubIT
class LegalWithdrawOnSourceIT extends HubITSupport {

    @Autowired
    LegalServiceSimulator legal;
    @Autowired
    CanonicalEvents events;
    @Autowired
    TransactionTemplate tx;

    @BeforeEach
    void manualCommittees() {
        HubFixture.manual(legal);
    }

    @Test
    void shouldWithdrawTheOpenCaseAtTheLegalServiceSystemWhenTheSourceWithdrawsTheDispute() {
        String jjdbh = Handovers.jjdbh(8100 + (int) (System.nanoTime() % 800));
        hub.produce(List.of(Handovers.record(Handovers.value(jjdbh, "20261128090000"))));
        await().atMost(Duration.ofSeconds(60)).until(() -> jdbc.sql("select count(*) from assignment a join dispute d "
                + "on d.dispute_id = a.dispute_id where d.source_ref = :j and a.case_no is not null")
                .param("j", jjdbh).query(Long.class).single() == 1);
        String disputeId = jdbc.sql("select dispute_id from dispute where source_ref = :j").param("j", jjdbh)
                .query(String.class).single();
        String externalRef = jdbc.sql("select external_ref from assignment where dispute_id = :d")
                .param("d", disputeId).query(String.class).single();
        assertThat(legal.storedCase(externalRef).orElseThrow().status()).isNotEqualTo("WITHDRAWN");

        tx.executeWithoutResult(s -> events.publish(EventType.DISPUTE_WITHDRAWN, disputeId, "court",
                new EventData.DisputeWithdrawn(disputeId, "court", "PLAINTIFF_WITHDREW_SUIT", "原告撤诉",
                        "2026-11-28T11:00:00+08:00")));

        await().atMost(Duration.ofSeconds(30)).untilAsserted(() ->
                assertThat(legal.storedCase(externalRef).orElseThrow().status()).isEqualTo("WITHDRAWN"));
        String caseNo = legal.storedCase(externalRef).orElseThrow().caseNo();
        assertThat(legal.calls()).filteredOn(c -> caseNo.equals(c.caseNo()) && "withdrawCase".equals(c.operation()))
                .extracting(LegalServiceSimulator.RecordedCall::httpStatus).containsExactly(200);
        await().atMost(Duration.ofSeconds(10)).until(() -> jdbc.sql("select status from assignment "
                + "where external_ref = :r").param("r", externalRef).query(String.class).single().equals("WITHDRAWN"));
    }
}
