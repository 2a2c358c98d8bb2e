package cn.tongjie.hub.reliability;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import cn.tongjie.hub.canonical.CanonicalEvents;
import cn.tongjie.hub.canonical.EventData;
import cn.tongjie.hub.canonical.EventType;
import cn.tongjie.hub.infra.HubClock;
import cn.tongjie.hub.it.HubIT;
import cn.tongjie.hub.it.HubITSupport;
import cn.tongjie.hub.registry.Assignments;
import cn.tongjie.hub.registry.Dispute;
import cn.tongjie.hub.registry.DisputeRegistry;
import cn.tongjie.hub.registry.DisputeStatus;
import cn.tongjie.hub.simulator.petition.PetitionSystemSimulator;
import cn.tongjie.hub.simulator.tradeunion.UnionSftpServer;
import cn.tongjie.hub.simulator.tradeunion.UnionSystemSimulator;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Issue 7 item 2, "each agency system down for a period", for the channels AgencyOutageIT does not cover: the
 * petition office's feedback endpoint (503 for a while: every feedback delivered once, in fkxh order per petition),
 * and the trade union's SFTP server (stopped: the referral files are uploaded once it is back, each worker row once).
 * The police feedback topic's outage is BrokerRestartIT's (the police cluster is that broker in the tests).
 * Each scenario prints its FAULT-FIGURES line.
 */
@HubIT
class MoreOutagesIT extends HubITSupport {

    private static final int N = 5;
    private static final Duration WAIT = Duration.ofSeconds(60);
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final EventData.Target UNION = new EventData.Target("legal-service", "TW15058100101",
            "霍林郭勒市总工会劳动争议调解委员会");

    @Autowired
    PetitionSystemSimulator petition;
    @Autowired
    UnionSftpServer sftp;
    @Autowired
    UnionSystemSimulator union;
    @Autowired
    CanonicalEvents events;
    @Autowired
    DisputeRegistry registry;
    @Autowired
    Assignments assignments;
    @Autowired
    TransactionTemplate tx;

    @AfterEach
    void bringEveryoneBack() {
        petition.failNext(503, 0);
        sftp.comeBack();
        ((HubClock) clock).reset();
    }

    @Test
    void petitionFeedbackShouldArriveOnceAndInFkxhOrderAfterTheOfficeWasDown() throws Exception {
        petition.reset();
        int outage = 3 * N;
        petition.failNext(503, outage);
        List<String> xfjbhs = new ArrayList<>();
        for (int i = 0; i < N; i++) {
            String xfjbh = "XF15058120261126" + String.format("%04d", 7100 + i);
            String tjgzh = push(xfjbh);
            xfjbhs.add(xfjbh);
            String ref = tjgzh + "-01";
            String caseNo = "RMTJ-150581-2026-0071" + String.format("%02d", i);
            publish(EventType.MEDIATION_ASSIGNED, tjgzh, new EventData.MediationAssigned(tjgzh, ref, caseNo, UNION,
                    "2027-01-25", false, "test", now()));
            publish(EventType.MEDIATION_ACCEPTED, tjgzh, new EventData.MediationAccepted(tjgzh, ref, caseNo, UNION,
                    now()));
            publish(EventType.MEDIATION_CONCLUDED, tjgzh, new EventData.MediationConcluded(tjgzh, ref, caseNo, UNION,
                    "SUCCESS", now(), "XY-2026-07" + i, "公司分期支付拖欠工资。", null, null, null, null, null));
        }
        await().atMost(WAIT).until(() -> hub.count("select count(*) from petition_feedback") == 3L * N);
        // the office is back once it has refused `outage` calls; the hub's back-off (30 s doubling to 30 min, §7.2)
        // is ridden out by moving the hub's clock on, a bounded number of times, in steps shorter than the office's
        // 5-minute timestamp window (a request signed just before a step is still accepted just after it)
        for (int round = 0; round < 60 && !allFed(xfjbhs); round++) {
            ((HubClock) clock).jumpTo(clock.instant().plus(Duration.ofMinutes(4)));
            await().pollDelay(Duration.ofMillis(500)).atMost(Duration.ofSeconds(2)).until(() -> true);
        }
        await().atMost(WAIT).until(() -> allFed(xfjbhs));
        await().atMost(WAIT).until(() -> hub.count("select count(*) from petition_feedback where status = 'SENT'")
                == 3L * N);

        long refused = petition.answers().stream().filter(s -> s == 503).count();
        long delivered = 0;
        long duplicated = 0;
        for (String x : xfjbhs) {
            List<Integer> fkxh = petition.recorded(x).stream().map(f -> f.get("fkxh").asInt()).toList();
            delivered += new HashSet<>(fkxh).size();
            duplicated += fkxh.size() - new HashSet<>(fkxh).size();
            assertThat(fkxh).as(x + ": in fkxh order, once each").containsExactly(1, 2, 3);
            assertThat(petition.recorded(x).stream().map(f -> f.get("blzt").asText()).toList())
                    .containsExactly("02", "03", "04");
        }
        InfraFaultFigures.record("petition-feedback-outage", 3L * N, delivered, duplicated, refused);
        assertThat(refused).as("the outage happened").isEqualTo(outage);
        assertThat(delivered).isEqualTo(3L * N);
        assertThat(duplicated).isZero();
    }

    @Test
    void unionReferralFilesShouldBeUploadedOnceAfterTheSftpServerWasDown() throws Exception {
        sftp.goDown();
        List<String> refs = new ArrayList<>();
        for (int i = 0; i < N; i++) {
            refs.add(referToUnion("TJ-20261128-0009" + (50 + i)));
        }
        // the hub's referral rounds (every 2 s in tests) fail while the server is away, and keep the files
        await().atMost(WAIT).until(() -> hub.count("select count(*) from union_file where uploaded_at is null "
                + "and attempts >= 2") >= 1);
        long failedRounds = hub.count("select coalesce(sum(attempts), 0) from union_file where uploaded_at is null");
        assertThat(hub.count("select count(*) from union_file where uploaded_at is not null")).isZero();

        sftp.comeBack();
        await().atMost(WAIT).until(() -> hub.count("select count(*) from union_file where uploaded_at is null") == 0);
        // let a late round land before counting what the union finds
        await().during(Duration.ofSeconds(3)).atMost(WAIT).until(() -> hub.count(
                "select count(*) from union_file where uploaded_at is null") == 0);
        List<String> imported = union.importReferrals();
        long delivered = refs.stream().filter(imported::contains).count();
        long duplicated = imported.size() - new HashSet<>(imported).size();
        InfraFaultFigures.record("union-sftp-outage", N, delivered, duplicated, failedRounds);
        assertThat(failedRounds).as("uploads failed while the server was down").isGreaterThanOrEqualTo(2);
        assertThat(delivered).isEqualTo(N);
        assertThat(duplicated).isZero();
        assertThat(imported).as("each worker row once, nothing else").hasSize(N);
    }

    // --- helpers ----------------------------------------------------------------------------------------------

    private boolean allFed(List<String> xfjbhs) {
        return xfjbhs.stream().allMatch(x -> petition.recorded(x).size() >= 3);
    }

    /** The story L letter under its own 信访件编号, pushed by the simulated petition system; the hub's tracking id. */
    private String push(String xfjbh) throws Exception {
        byte[] body = Files.readString(Path.of("src/test/resources/samples/petition/"
                + "push-story-L-mass-wage-collective-visit.json")).replace("XF150581202611260007", xfjbh)
                .getBytes(StandardCharsets.UTF_8);
        HttpResponse<String> r = petition.push("http://127.0.0.1:" + port, body);
        assertThat(r.statusCode()).isEqualTo(202);
        return JSON.readTree(r.body()).path("data").path("tjgzh").asText();
    }

    private void publish(EventType type, String disputeId, Record data) {
        tx.executeWithoutResult(s -> events.publish(type, disputeId, "legal-service", data));
    }

    private String now() {
        return OffsetDateTime.now(clock).toString();
    }

    /** A labour dispute of one worker assigned to the union committee (as UnionFileExchangeIT sets one up). */
    private String referToUnion(String disputeId) {
        String snapshot = """
                {"disputeId":"%s","category":"LABOUR","summary":"拖欠工资","regionCode":"150571001",
                 "personsInvolved":1,"amount":8000,
                 "parties":[{"role":"APPLICANT","partyType":"NATURAL_PERSON","name":"赵安","idType":"RESIDENT_ID",
                   "idNumber":"150502199001010010","phone":"13800000000"},
                  {"role":"RESPONDENT","partyType":"LEGAL_PERSON","name":"通辽市鑫达建筑工程有限公司","idType":"USCC",
                   "idNumber":"91150502MA0N3K7Q65"}]}""".formatted(disputeId);
        OffsetDateTime now = registry.now();
        registry.create(new Dispute(disputeId, DisputeStatus.ASSIGNING, null, "LABOUR", "150571001", "it-test",
                "110", disputeId, "1", false, false, false, snapshot, now, now));
        String ref = disputeId + "-01";
        assignments.create(ref, disputeId, 1, "trade-union", "GH15058101", "霍林郭勒市总工会劳动争议调解委员会",
                "labour-trade-union", false, LocalDate.of(2026, 12, 13));
        return ref;
    }
}
