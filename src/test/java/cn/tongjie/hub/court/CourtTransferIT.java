package cn.tongjie.hub.court;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import cn.tongjie.hub.it.Handovers;
import cn.tongjie.hub.it.HubFixture;
import cn.tongjie.hub.it.HubIT;
import cn.tongjie.hub.it.HubITSupport;
import cn.tongjie.hub.registry.Alerts;
import cn.tongjie.hub.simulator.legal.LegalServiceSimulator;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.transaction.support.TransactionTemplate;
import tongliao.court.docking.v1.PartyType;
import tongliao.court.docking.v1.TransferForFilingType;

/**
 * Story CE (contract §16, §8.4): a police-sourced dispute mediated by the 开鲁镇 committee fails; the hub opens a
 * transfer for the court of the body's region (150523… → 内0523), the operator adds the complaint, claims and the
 * plaintiff's consent, and the hub queues a TransferForFiling with the parties in their litigation roles.
 */
@HubIT
class CourtTransferIT extends HubITSupport {

    private static final byte[] COMPLAINT = "%PDF-1.4 民事起诉状".getBytes(StandardCharsets.UTF_8);

    @Autowired
    LegalServiceSimulator legal;
    @Autowired
    ObjectMapper mapper;
    @Autowired
    ApplicationEventPublisher publisher;
    @Autowired
    TransactionTemplate tx;
    @Autowired
    Alerts alerts;

    @BeforeEach
    void manualCommittees() {
        HubFixture.manual(legal);
        jdbc.sql("delete from court_mediation_outcome").update();
    }

    @Test
    void shouldTransferAFailedKailuMediationToTheKailuCourtWithPartiesInTheirRoles() {
        String jjdbh = Handovers.jjdbh(7300 + (int) (System.nanoTime() % 600));
        hub.produce(List.of(Handovers.record(Handovers.value(jjdbh, "20261128090000")
                .put("xzqhdm", "150523100001").put("fadz", "通辽市开鲁县开鲁镇东风村"))));
        await().atMost(Duration.ofSeconds(60)).until(() -> caseNo(jjdbh) != null);
        String disputeId = jdbc.sql("select dispute_id from dispute where source_ref = :j").param("j", jjdbh)
                .query(String.class).single();
        assertThat(jdbc.sql("select target_code from assignment where dispute_id = :d").param("d", disputeId)
                .query(String.class).single()).isEqualTo("TW15052310001");

        legal.emitMediatorAssigned(caseNo(jjdbh));
        legal.emitConcluded(caseNo(jjdbh), LegalServiceSimulator.ConclusionResult.FAILURE);
        String transferId = disputeId + "-TF1";
        await().atMost(Duration.ofSeconds(30)).until(() -> jdbc.sql("select count(*) from court_transfer "
                + "where transfer_id = :t").param("t", transferId).query(Long.class).single() == 1);
        // the mediator's name comes with the outcome, which another consumer records: wait until only the
        // operator's part is missing
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(hub.json(hub.get(
                "/api/admin/court/transfers", "monitor", "tongjie-demo").body()).get(0).path("missing"))
                .extracting(JsonNode::asText).containsExactlyInAnyOrder("consent", "claims", "document COMPLAINT"));
        JsonNode awaiting = hub.json(hub.get("/api/admin/court/transfers", "monitor", "tongjie-demo").body()).get(0);
        assertThat(awaiting.path("court").asText()).isEqualTo("内0523");
        assertThat(awaiting.path("state").asText()).isEqualTo("AWAITING_OPERATOR");
        assertThat(awaiting.path("missing").toString()).contains("consent", "claims", "document COMPLAINT");

        HttpResponse<String> refused = hub.postJson("/api/admin/court/transfers/" + transferId + "/input", "admin",
                "tongjie-demo", "{\"consent\":false}");
        assertThat(refused.statusCode()).isEqualTo(400);
        post("/api/admin/court/transfers/" + transferId + "/input", "{\"consent\":true,\"claims\":"
                + "[\"请求判令被告清除通道内堆放的杂物；\",\"本案诉讼费用由被告负担。\"]}");
        JsonNode queued = post("/api/admin/court/transfers/" + transferId + "/documents", mapper.createObjectNode()
                .put("docType", "COMPLAINT").put("title", "民事起诉状").put("fileName", "起诉状.pdf")
                .put("mimeType", "application/pdf").put("content", Base64.getEncoder().encodeToString(COMPLAINT))
                .toString());
        assertThat(queued.path("state").asText()).isEqualTo("QUEUED");

        String payload = jdbc.sql("select payload from court_outbound where operation = 'TransferForFiling' "
                + "and object_key = :k").param("k", transferId).query(String.class).single();
        TransferForFilingType sent = CourtTransferSupport.unmarshal(payload, TransferForFilingType.class);
        assertThat(sent.getCourtCode().value()).isEqualTo("内0523");
        assertThat(sent.getTransferId()).isEqualTo(transferId);
        assertThat(sent.getHubDisputeId()).isEqualTo(disputeId);
        assertThat(sent.isPlaintiffConsent()).isTrue();
        assertThat(sent.getParties().getParty()).extracting(p -> p.getRole().value(), PartyType::getName)
                .containsExactly(org.assertj.core.groups.Tuple.tuple("原告", "赵𠮷安"),
                        org.assertj.core.groups.Tuple.tuple("被告", "巴特尔"));
        assertThat(sent.getParties().getParty().get(1).getIdNumber()).isEqualTo("152301197211200512");
        assertThat(sent.getClaims().getClaim()).hasSize(2);
        assertThat(sent.getCauseOfAction().getCode()).isEqualTo("0201");
        assertThat(sent.getCaseSummary()).isNotBlank();
        assertThat(sent.getMediation().getMediationOrg().getRegionCode()).isEqualTo("150523100");
        assertThat(sent.getMediation().getMediationOrg().getOrgCode()).isEqualTo("TY0523-001");
        assertThat(sent.getMediation().getMediationOrg().getOrgName()).isEqualTo("开鲁镇人民调解委员会");
        assertThat(sent.getMediation().getMediator()).isNotEmpty();
        assertThat(sent.getMediation().getFailureReasonCode()).isNotNull();
        assertThat(CourtTimes.toInstant(sent.getMediation().getEndedAt()))
                .isAfterOrEqualTo(CourtTimes.toInstant(sent.getMediation().getStartedAt()));
        assertThat(sent.getAttachments().getAttachment()).singleElement().satisfies(a -> {
            assertThat(a.getDocType().value()).isEqualTo("COMPLAINT");
            assertThat(a.getSha256()).isEqualTo(CourtDocuments.sha256(COMPLAINT));
            assertThat(read(a.getContent().getInputStream())).isEqualTo(COMPLAINT);
        });

        // the court refuses: REJECTED + alert; the operator may start a new transfer with a new id
        tx.executeWithoutResult(s -> publisher.publishEvent(new CourtOutbound.Answered(1L, "内0523",
                "TransferForFiling", transferId, disputeId, sent.getMessageId(), "REJECTED", "MATERIALS_INCOMPLETE")));
        assertThat(jdbc.sql("select state || '|' || reason_code from court_transfer where transfer_id = :t")
                .param("t", transferId).query(String.class).single()).isEqualTo("REJECTED|MATERIALS_INCOMPLETE");
        assertThat(alerts.open(100)).anyMatch(a -> a.code().equals("TRANSFER_REJECTED")
                && disputeId.equals(a.disputeId()));
        JsonNode second = post("/api/admin/court/transfers", "{\"disputeId\":\"" + disputeId + "\"}");
        assertThat(second.path("transferId").asText()).isEqualTo(disputeId + "-TF2");
        assertThat(second.path("missing").toString()).contains("document COMPLAINT").doesNotContain("claims");
    }

    private String caseNo(String jjdbh) {
        return jdbc.sql("select a.case_no from assignment a join dispute d on d.dispute_id = a.dispute_id "
                + "where d.source_ref = :j").param("j", jjdbh).query(String.class).optional().orElse(null);
    }

    private JsonNode post(String path, String json) {
        HttpResponse<String> r = hub.postJson(path, "admin", "tongjie-demo", json);
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        return hub.json(r.body());
    }

    private static byte[] read(InputStream in) {
        try (in) {
            return in.readAllBytes();
        } catch (IOException e) {
            throw new AssertionError(e);
        }
    }
}
