package cn.tongjie.hub.legal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import cn.tongjie.hub.it.HubFixture;
import cn.tongjie.hub.it.HubIT;
import cn.tongjie.hub.it.HubITSupport;
import cn.tongjie.hub.it.Handovers;
import cn.tongjie.hub.it.Samples;
import cn.tongjie.hub.simulator.legal.LegalServiceSimulator;
import cn.tongjie.hub.simulator.legal.LegalServiceSimulator.ConclusionResult;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * withdrawCase (§6) and getCase reconciliation (§7.5) against the legal-service simulator over real HTTP, and the
 * get-case sample applied to a hub that has seen none of its events.
 */
@HubIT
class LegalCaseOperationsIT extends HubITSupport {

    private static final Duration WAIT = Duration.ofSeconds(30);

    @Autowired
    LegalServiceSimulator legal;
    @Autowired
    LegalEvents legalEvents;
    @Autowired
    LegalCases cases;
    String hubEventsUrl;

    @BeforeEach
    void setUp() {
        HubFixture.manual(legal);
        hubEventsUrl = legal.hubEventsUrl();
    }

    @AfterEach
    void restoreCallbacks() {
        legal.setHubEventsUrl(hubEventsUrl);
    }

    @Test
    void shouldReachTheFinalStateFromTheGetCaseSampleAsFromTheEventsOneByOne() {
        String ref = handOverAndAwaitCase(8101);
        String disputeId = ref.substring(0, ref.length() - 3);
        // the sample's events, re-addressed to this hub's assignment
        String view = Samples.text("legal-service/get-case-response-story-N.json")
                .replace("TJ-20261127-000041-01", ref).replace("RMTJ-150502-2026-000123", caseNo(ref));

        assertThat(legalEvents.reconcile(ref, hub.json(view))).isEqualTo(4);
        Map<String, Object> a = assignment(ref);
        assertThat(a.get("status")).isEqualTo("CONCLUDED");
        assertThat(a.get("result")).isEqualTo("SUCCESS");
        assertThat(a.get("mediator_name")).isEqualTo("乌兰");
        assertThat(a.get("performed")).isEqualTo(true);
        assertThat(legalEvents.reconcile(ref, hub.json(view))).isZero(); // idempotent by eventId

        String jjdbh = Handovers.jjdbh(8101);
        await().atMost(WAIT).untilAsserted(() -> assertThat(codes(jjdbh)).containsExactly("01", "02"));
        assertThat(hub.count("select count(*) from outbox where payload like '%mediation.concluded%' and msg_key = ?",
                disputeId)).isEqualTo(1);
    }

    @Test
    void shouldRecoverEventsThatNeverReachedTheHubThroughGetCase() {
        String ref = handOverAndAwaitCase(8102);
        legal.setHubEventsUrl("http://127.0.0.1:9/unreachable"); // the callbacks get lost
        legal.emitAccepted(caseNo(ref));
        legal.emitMediatorAssigned(caseNo(ref));
        legal.emitConcluded(caseNo(ref), ConclusionResult.FAILURE);
        assertThat(assignment(ref).get("status")).isEqualTo("RECEIVED");

        assertThat(cases.reconcileOne(ref, caseNo(ref))).isEqualTo(3);
        assertThat(assignment(ref).get("status")).isEqualTo("CONCLUDED");
        assertThat(assignment(ref).get("result")).isEqualTo("FAILURE");
        await().atMost(WAIT).untilAsserted(() -> assertThat(codes(Handovers.jjdbh(8102))).containsExactly("01", "03"));
    }

    @Test
    void shouldMarkTheAssignmentWithdrawnWhenTheLegalSystemAccepts() {
        String ref = handOverAndAwaitCase(8103);
        HttpResponse<String> r = hub.postJson("/api/admin/assignments/" + ref + "/withdraw", "admin", "tongjie-demo",
                "{\"reason\":\"RESOLVED_ELSEWHERE\",\"reasonText\":\"当事人已自行协商解决。\"}");

        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        assertThat(hub.json(r.body()).path("outcome").asText()).isEqualTo("WITHDRAWN");
        assertThat(assignment(ref).get("status")).isEqualTo("WITHDRAWN");
        assertThat(legal.storedCase(ref).orElseThrow().status()).isEqualTo("WITHDRAWN");
        assertThat(hub.count("select count(*) from audit_log where action = 'LEGAL_WITHDRAW' and actor = 'admin'"))
                .isEqualTo(1);
    }

    @Test
    void shouldKeepTheCaseConcludedWhenAWithdrawalComesTooLate() {
        String ref = handOverAndAwaitCase(8104);
        legal.setHubEventsUrl("http://127.0.0.1:9/unreachable");
        legal.emitConcluded(caseNo(ref), ConclusionResult.SUCCESS); // concluded there, not yet known here

        HttpResponse<String> r = hub.postJson("/api/admin/assignments/" + ref + "/withdraw", "admin", "tongjie-demo",
                "{\"reason\":\"PARTY_WITHDREW\"}");

        assertThat(hub.json(r.body()).path("outcome").asText()).isEqualTo("CASE_CLOSED");
        assertThat(assignment(ref).get("status")).isEqualTo("CONCLUDED"); // fetched, never WITHDRAWN
    }

    @Test
    void shouldRefuseWithdrawalsFromAMonitor() {
        String ref = handOverAndAwaitCase(8105);
        HttpResponse<String> r = hub.postJson("/api/admin/assignments/" + ref + "/withdraw", "monitor", "tongjie-demo",
                "{\"reason\":\"DUPLICATE\"}");
        assertThat(r.statusCode()).isEqualTo(403);
        assertThat(assignment(ref).get("status")).isEqualTo("RECEIVED");
    }

    private String handOverAndAwaitCase(int seq) {
        hub.produce(List.of(Handovers.record(Handovers.value(Handovers.jjdbh(seq), "20261128090000"))));
        await().atMost(WAIT).until(() -> hub.count("""
                select count(*) from assignment a join dispute d on d.dispute_id = a.dispute_id
                where d.source_ref = ? and a.status = 'RECEIVED'""", Handovers.jjdbh(seq)) == 1);
        return jdbc.sql("select a.external_ref from assignment a join dispute d on d.dispute_id = a.dispute_id where d.source_ref = ?")
                .param(Handovers.jjdbh(seq)).query(String.class).single();
    }

    private String caseNo(String ref) {
        return jdbc.sql("select case_no from assignment where external_ref = ?").param(ref).query(String.class).single();
    }

    private Map<String, Object> assignment(String ref) {
        return jdbc.sql("select * from assignment where external_ref = ?").param(ref).query().singleRow();
    }

    private List<String> codes(String jjdbh) {
        return hub.read(HubFixture.FEEDBACK, List.of(jjdbh), Duration.ofSeconds(3)).stream()
                .map(r -> hub.value(r).path("czjg").asText()).toList();
    }
}
