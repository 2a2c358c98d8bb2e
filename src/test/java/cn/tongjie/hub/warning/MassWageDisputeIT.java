package cn.tongjie.hub.warning;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import cn.tongjie.hub.canonical.CanonicalDispute;
import cn.tongjie.hub.canonical.CanonicalEvents;
import cn.tongjie.hub.canonical.EventData;
import cn.tongjie.hub.canonical.EventType;
import cn.tongjie.hub.it.Handovers;
import cn.tongjie.hub.it.HubIT;
import cn.tongjie.hub.it.HubITSupport;
import cn.tongjie.hub.it.Samples;
import cn.tongjie.hub.simulator.committee.CommitteeWebhookSimulator;
import cn.tongjie.hub.simulator.petition.PetitionSystemSimulator;
import cn.tongjie.hub.simulator.tradeunion.UnionSystemSimulator;
import cn.tongjie.hub.registry.Dispute;
import cn.tongjie.hub.registry.DisputeRegistry;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.stream.StreamSupport;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Story L end to end through the agencies' real interfaces: the police 0303 handover on Kafka, the petition office's
 * signed push (rs = 23) over REST, the union referral file over the embedded SFTP server. One employer, 23 workers,
 * three sources: exactly one early-warning alert, growing as the reports arrive, visible in the admin API, on its
 * topic and at the committee's webhook once.
 */
@HubIT
class MassWageDisputeIT extends HubITSupport {

    private static final Duration WAIT = Duration.ofSeconds(60);
    private static final String TOPIC = "tongjie.early-warning";
    private static final String USCC = "91150502MA0N3K7Q65";

    @Autowired
    CommitteeWebhookSimulator committee;
    @Autowired
    PetitionSystemSimulator petition;
    @Autowired
    UnionSystemSimulator union;
    @Autowired
    DisputeRegistry registry;
    @Autowired
    CanonicalEvents events;
    @Autowired
    PlatformTransactionManager transactions;
    @Autowired
    ObjectMapper mapper;

    @BeforeEach
    void quietCommittee() {
        committee.clear();
    }

    @Test
    void shouldRaiseOneAlertForStoryLCarryingPolicePetitionAndUnionAndGrowItInsteadOfRaisingAgain() throws Exception {
        // 11-25: the police hand over the 110 call (sjrs 23): 23 workers against one employer already cross the rule
        hub.produce(Samples.policeRecords("handover-story-L-mass-wage-0303.kafka.json"));
        String policeDispute = awaitDispute("police", "J150581202611250023");
        String alertId = await().atMost(WAIT).until(() -> jdbc.sql("select alert_id from ew_alert")
                .query(String.class).list(), ids -> ids.size() == 1).get(0);

        // 11-26: the petition office pushes the collective visit (rs 23, 5 named, the employer's credit code)
        HttpResponse<String> pushed = petition.push("http://127.0.0.1:" + port,
                Files.readAllBytes(Path.of("src/test/resources/samples/petition/push-story-L-mass-wage-collective-visit.json")));
        assertThat(pushed.statusCode()).isEqualTo(202);
        String petitionDispute = awaitDispute("petition", "XF150581202611260007");
        // cross-channel correlation: same employer's workers, same township, within 48 h — one canonical dispute
        assertThat(petitionDispute).as("the petition joins the police dispute").isEqualTo(policeDispute);

        // 11-27: the dispute goes to the union as an LDZY referral file over SFTP; the union imports (archives) it
        await().atMost(WAIT).until(() -> hub.count("select count(distinct dispute_id) from union_case "
                + "where dispute_id = ?", policeDispute) == 1);
        await().atMost(WAIT).until(() -> {
            union.importReferrals();
            return hub.count("select count(*) from assignment where agency = 'trade-union' and status = 'ACCEPTED'") == 1;
        });

        await().atMost(WAIT).until(() -> sources(alertId).containsAll(List.of("police", "petition", "trade-union")));
        assertThat(hub.count("select count(*) from ew_alert")).as("raised once per cluster").isEqualTo(1);
        assertThat(hub.count("select count(*) from ew_alert_dispute where alert_id = ?", alertId)).isEqualTo(1);
        var alert = jdbc.sql("select rule, workers, disputes, employer_code, status from ew_alert where alert_id = ?")
                .param(alertId).query((rs, n) -> List.of(rs.getString(1), rs.getInt(2), rs.getInt(3), rs.getString(4),
                        rs.getString(5))).single();
        assertThat(alert).as("23 workers once, not 46").containsExactly("EMPLOYER", 23, 1, USCC, "OPEN");

        // the admin API: MONITOR sees the alert with its evidence, people masked (there are none in it)
        JsonNode list = hub.json(hub.get("/api/admin/alerts?kind=early-warning", "monitor", "tongjie-demo").body());
        assertThat(list).hasSize(1);
        JsonNode shown = list.get(0);
        assertThat(shown.path("kind").asText()).isEqualTo("early-warning");
        assertThat(shown.path("alertId").asText()).isEqualTo(alertId);
        assertThat(shown.path("workers").asInt()).isEqualTo(23);
        assertThat(shown.path("employerCode").asText()).isEqualTo(USCC);
        assertThat(shown.path("employerName").asText()).isEqualTo("通辽市鑫达建筑工程有限公司");
        assertThat(texts(shown.path("sources"))).contains("police", "petition", "trade-union");
        JsonNode evidence = shown.path("evidence");
        assertThat(StreamSupport.stream(evidence.spliterator(), false).map(e -> e.path("disputeId").asText()))
                .containsExactly(policeDispute);
        String evidenceText = evidence.toString();
        assertThat(evidenceText).contains("J150581202611250023", "XF150581202611260007", "LDZY_")
                .doesNotContain("150581199908300118", "周明", "海日汗");
        // without kind both lists come together; the operational ones keep their fields
        JsonNode all = hub.json(hub.get("/api/admin/alerts", "monitor", "tongjie-demo").body());
        assertThat(StreamSupport.stream(all.spliterator(), false).filter(a -> a.path("kind").asText()
                .equals("early-warning"))).hasSize(1);
        assertThat(hub.get("/api/admin/alerts?kind=nonsense", "monitor", "tongjie-demo").statusCode()).isEqualTo(400);

        // the committee's webhook got the raised alert exactly once, the topic has it raised once and updated after
        await().atMost(WAIT).until(() -> posts(alertId) == 1);
        assertThat(jdbc.sql("select status from ew_webhook where alert_id = ?").param(alertId).query(String.class)
                .single()).isEqualTo("SENT");
        List<String> types = new ArrayList<>();
        await().atMost(WAIT).until(() -> {
            types.clear();
            hub.read(TOPIC, Set.of(alertId), Duration.ofSeconds(5)).forEach(r -> types.add(hub.value(r)
                    .path("type").asText()));
            return types.contains("cn.tongjie.early-warning.updated.v1");
        });
        assertThat(types.stream().filter("cn.tongjie.early-warning.raised.v1"::equals)).hasSize(1);
        assertThat(posts(alertId)).as("updates are not posted again").isEqualTo(1);

        // an operator takes it in hand (audited); MONITOR may not
        assertThat(hub.postJson("/api/admin/alerts/early-warning/" + alertId + "/acknowledge", "monitor",
                "tongjie-demo", "{}").statusCode()).isEqualTo(403);
        assertThat(hub.postJson("/api/admin/alerts/early-warning/" + alertId + "/acknowledge", "admin",
                "tongjie-demo", "{\"note\":\"县委政法委已通知人社局\"}").statusCode()).isEqualTo(200);
        assertThat(hub.count("select count(*) from audit_log where action = 'EARLY_WARNING_ACKNOWLEDGE'")).isEqualTo(1);
    }

    @Test
    void shouldCountStoryLMergedIntoOneCanonicalDisputeOnceWithItsLargestHeadCount() throws Exception {
        hub.produce(Samples.policeRecords("handover-story-L-mass-wage-0303.kafka.json"));
        String disputeId = awaitDispute("police", "J150581202611250023");
        String alertId = await().atMost(WAIT).until(() -> jdbc.sql("select alert_id from ew_alert")
                .query(String.class).list(), ids -> ids.size() == 1).get(0);

        // cross-channel correlation (built elsewhere) merges the petition's report into the police dispute: the
        // petition's version becomes the current snapshot, the police version stays in the dispute's history
        ObjectNode merged = WorkerCountTest.PETITION.deepCopy();
        merged.put("disputeId", disputeId);
        new TransactionTemplate(transactions).executeWithoutResult(tx -> {
            Dispute d = registry.findForUpdate(disputeId).orElseThrow();
            registry.replaceSnapshot(d, merged.toString(), "XF-merged", "LABOUR", "150581001001", false, true);
            registry.addXref(disputeId, "petition", "xfjbh", "XF150581202611260007");
            events.publish(EventType.DISPUTE_CORRECTED, disputeId, "petition", new EventData.DisputeCorrected(
                    mapper.convertValue(merged, CanonicalDispute.class), List.of("parties", "sourceRef")));
        });

        await().atMost(WAIT).until(() -> sources(alertId).contains("petition"));
        var row = jdbc.sql("select workers, disputes, employer_code from ew_alert where alert_id = ?").param(alertId)
                .query((rs, n) -> List.of(rs.getInt(1), rs.getInt(2), rs.getString(3))).single();
        assertThat(row).as("one dispute, 23 workers (not 46), the code the petition gave").containsExactly(23, 1, USCC);
        assertThat(hub.count("select count(*) from ew_alert")).isEqualTo(1);
        JsonNode evidence = hub.json(jdbc.sql("select evidence from ew_alert where alert_id = ?").param(alertId)
                .query(String.class).single());
        assertThat(evidence).hasSize(1);
        assertThat(evidence.get(0).path("headCount").asInt()).isEqualTo(23);
        assertThat(evidence.get(0).path("knownIds").asInt()).as("周明 and 海日汗 named by both").isEqualTo(5);
    }

    @Test
    void shouldRaiseATownshipSurgeOnceWhenATownshipCrossesItsBaselineAndCountTheNextReportIntoIt() {
        // eight neighbour disputes in one township within a week, none before: the minimum of 8 is the threshold
        List<ProducerRecord<byte[], byte[]>> records = new ArrayList<>();
        for (int i = 1; i <= 7; i++) {
            records.add(Handovers.record(Handovers.value(Handovers.jjdbh(700 + i), "2026112809" + (10 + i) + "00")));
        }
        hub.produce(records);
        await().atMost(WAIT).until(() -> hub.count("select count(*) from ew_observation where township is not null") == 7);
        assertThat(hub.count("select count(*) from ew_alert")).as("seven is no surge").isZero();

        hub.produce(List.of(Handovers.record(Handovers.value(Handovers.jjdbh(708), "20261128092000"))));
        String alertId = await().atMost(WAIT).until(() -> jdbc.sql("select alert_id from ew_alert where rule = ?")
                .param("TOWNSHIP_SURGE").query(String.class).list(), ids -> ids.size() == 1).get(0);
        assertThat(hub.count("select disputes from ew_alert where alert_id = ?", alertId)).isEqualTo(8);

        hub.produce(List.of(Handovers.record(Handovers.value(Handovers.jjdbh(709), "20261128092100"))));
        await().atMost(WAIT).until(() -> hub.count("select disputes from ew_alert where alert_id = ?", alertId) == 9);
        assertThat(hub.count("select count(*) from ew_alert")).isEqualTo(1);
        await().atMost(WAIT).until(() -> posts(alertId) == 1);
        assertThat(hub.count("select count(*) from ew_alert where rule = 'EMPLOYER'")).isZero();
    }

    @Test
    void shouldRetryTheWebhookWithBackOffAndAlertOperatorsWhenItKeepsFailing() {
        committee.refuseNext(100);
        List<ProducerRecord<byte[], byte[]>> records = new ArrayList<>();
        for (int i = 1; i <= 8; i++) {
            records.add(Handovers.record(Handovers.value(Handovers.jjdbh(800 + i), "2026112809" + (10 + i) + "00")));
        }
        hub.produce(records);
        String alertId = await().atMost(WAIT).until(() -> jdbc.sql("select alert_id from ew_alert")
                .query(String.class).list(), ids -> ids.size() == 1).get(0);

        // test profile: 3 attempts, operators warned after 2, then given up with an ERROR alert
        await().atMost(WAIT).until(() -> "FAILED".equals(jdbc.sql("select status from ew_webhook where alert_id = ?")
                .param(alertId).query(String.class).single()));
        assertThat(hub.count("select attempts from ew_webhook where alert_id = ?", alertId)).isEqualTo(3);
        assertThat(hub.count("select count(*) from alert where code = 'EARLY_WARNING_WEBHOOK_RETRYING'")).isEqualTo(1);
        assertThat(hub.count("select count(*) from alert where code = 'EARLY_WARNING_WEBHOOK_FAILED' and message like ?",
                "%" + alertId + "%")).isEqualTo(1);
        assertThat(posts(alertId)).isZero();
        // the stream never waited for the webhook: the alert itself is stored and published
        assertThat(hub.count("select disputes from ew_alert where alert_id = ?", alertId)).isEqualTo(8);
        committee.clear();
    }

    private String awaitDispute(String agency, String ref) {
        return await().atMost(WAIT).until(() -> jdbc.sql("select dispute_id from dispute_xref where agency = ? "
                + "and ref = ?").param(agency).param(ref).query(String.class).optional(), o -> o.isPresent()).get();
    }

    private List<String> sources(String alertId) {
        return EarlyWarningStore.split(jdbc.sql("select sources from ew_alert where alert_id = ?").param(alertId)
                .query(String.class).single());
    }

    private long posts(String alertId) {
        return committee.received().stream().filter(e -> e.path("subject").asText().equals(alertId)).count();
    }

    private static List<String> texts(JsonNode array) {
        return StreamSupport.stream(array.spliterator(), false).map(JsonNode::asText).toList();
    }
}
