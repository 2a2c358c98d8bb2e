package cn.tongjie.hub.court;

import static org.assertj.core.api.Assertions.assertThat;

import cn.tongjie.hub.canonical.CanonicalDispute;
import cn.tongjie.hub.canonical.CanonicalDispute.Party;
import cn.tongjie.hub.infra.HubClock;
import cn.tongjie.hub.it.HubIT;
import cn.tongjie.hub.it.HubITSupport;
import cn.tongjie.hub.registry.Alerts;
import cn.tongjie.hub.registry.Dispute;
import cn.tongjie.hub.registry.DisputeRegistry;
import cn.tongjie.hub.registry.DisputeStatus;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.Base64;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.transaction.support.TransactionTemplate;
import tongliao.court.docking.v1.ApplicantType;
import tongliao.court.docking.v1.ApplyJudicialConfirmationType;
import tongliao.court.docking.v1.AttachmentType;
import tongliao.court.docking.v1.ReportMediationResultType;

/**
 * Story CA's tail (contract §16): a legacy delegation whose SUCCESS result the court accepted becomes a 司法确认
 * application awaiting the operator; the operator completes it over the real admin API and the hub queues an
 * ApplyJudicialConfirmation the court would accept; the 30-day window is tracked with reminders.
 */
@HubIT
class JudicialConfirmationIT extends HubITSupport {

    private static final String DELEGATION = "WP0502-2024-000567";
    private static final byte[] AGREEMENT_PDF = "%PDF-1.4 agreement 西人调字〔2024〕第58号".getBytes(StandardCharsets.UTF_8);
    private static final byte[] APPLICATION_PDF = "%PDF-1.4 joint application".getBytes(StandardCharsets.UTF_8);

    @Autowired
    Clock clock;
    @Autowired
    DisputeRegistry registry;
    @Autowired
    Delegations delegations;
    @Autowired
    CourtOutbound outbound;
    @Autowired
    ApplicationEventPublisher publisher;
    @Autowired
    TransactionTemplate tx;
    @Autowired
    JudicialConfirmations confirmations;
    @Autowired
    Alerts alerts;
    @Autowired
    ObjectMapper mapper;

    private String disputeId;

    @BeforeEach
    void seedStoryCa() {
        jdbc.sql("delete from court_mediation_outcome").update();
        ((HubClock) clock).jumpTo(OffsetDateTime.parse("2024-06-20T17:05:00+08:00").toInstant());
        disputeId = "TJ-20240603-" + String.format("%06d", System.nanoTime() % 1_000_000);
        tx.executeWithoutResult(s -> {
            OffsetDateTime now = OffsetDateTime.now(clock);
            registry.create(new Dispute(disputeId, DisputeStatus.CONCLUDED, "SUCCESS", "MARRIAGE_FAMILY", "150502001",
                    "court", "court", DELEGATION, "1", false, false, false, snapshot(), now, now));
            delegations.create(new Delegation("内0502", DELEGATION, disputeId, "LEGACY_PREFILING",
                    "（2024）内0502民诉前调567号", null, "(2024)内0502民诉前调567号", null, "0104", "赡养纠纷",
                    "TY0502-001", "西门街道人民调解委员会", "乌兰", OffsetDateTime.parse("2024-06-03T10:15:00+08:00"),
                    OffsetDateTime.parse("2024-06-03T10:16:00+08:00"),
                    OffsetDateTime.parse("2024-07-03T23:59:59+08:00"), OffsetDateTime.parse("2024-07-03T23:59:59+08:00"),
                    "OPEN", null, null, null, null, null, null, null, null));
        });
        // The hub reported SUCCESS (sample valid-ca3) and the court accepted it (what the court sender publishes).
        ReportMediationResultType report = CourtTransferSupport.unmarshal(body("valid-ca3-report-result-success.xml",
                "ReportMediationResult"), ReportMediationResultType.class);
        report.setHubDisputeId(disputeId);
        tx.executeWithoutResult(s -> {
            String messageId = outbound.enqueue("内0502", DELEGATION, disputeId, report);
            long id = jdbc.sql("select id from court_outbound where message_id = :m").param("m", messageId)
                    .query(Long.class).single();
            publisher.publishEvent(new CourtOutbound.Answered(id, "内0502", "ReportMediationResult", DELEGATION,
                    disputeId, messageId, "ACCEPTED", null));
        });
    }

    @AfterEach
    void backToNow() {
        ((HubClock) clock).reset();
    }

    @Test
    void shouldQueueTheApplicationWithAllApplicantsTheReportedAgreementAndTheOperatorsDocuments() {
        String applicationId = disputeId + "-JC1";
        assertThat(jdbc.sql("select state || '|' || court_code || '|' || related_delegation_id || '|' || deadline "
                + "from court_application where application_id = :id").param("id", applicationId)
                .query(String.class).single()).isEqualTo("AWAITING_OPERATOR|内0502|" + DELEGATION + "|2024-07-20");

        ((HubClock) clock).jumpTo(OffsetDateTime.parse("2024-06-24T09:30:00+08:00").toInstant());
        JsonNode before = hub.json(hub.get("/api/admin/court/applications/" + applicationId, "admin", "tongjie-demo")
                .body());
        assertThat(before.path("missing").toString()).contains("consent", "applicationDate", "document AGREEMENT",
                "document JC_APPLICATION", "parties.3.phone");
        // MONITOR sees the application but not the applicant's phone the operator adds below
        post("/api/admin/court/applications/" + applicationId + "/input",
                "{\"applicationDate\":\"2024-06-24\",\"consent\":true,\"parties\":{\"3\":{\"phone\":\"18604750319\"}}}");
        assertThat(hub.get("/api/admin/court/applications/" + applicationId, "monitor", "tongjie-demo").body())
                .doesNotContain("18604750319").contains("已脱敏");
        post("/api/admin/court/applications/" + applicationId + "/documents", document("AGREEMENT", "人民调解协议书",
                "调解协议书.pdf", AGREEMENT_PDF));
        assertThat(jdbc.sql("select count(*) from court_outbound where operation = 'ApplyJudicialConfirmation'")
                .query(Long.class).single()).as("not complete yet: no JC_APPLICATION").isZero();
        JsonNode done = post("/api/admin/court/applications/" + applicationId + "/documents",
                document("JC_APPLICATION", "司法确认申请书", "司法确认申请书.pdf", APPLICATION_PDF));
        assertThat(done.path("state").asText()).isEqualTo("QUEUED");
        assertThat(done.path("missing")).isEmpty();

        String payload = jdbc.sql("select payload from court_outbound where operation = 'ApplyJudicialConfirmation' "
                + "and court_code = '内0502' and object_key = :k").param("k", DELEGATION).query(String.class).single();
        ApplyJudicialConfirmationType sent = CourtTransferSupport.unmarshal(payload,
                ApplyJudicialConfirmationType.class);
        ReportMediationResultType report = CourtTransferSupport.unmarshal(jdbc.sql("select payload from court_outbound "
                + "where operation = 'ReportMediationResult'").query(String.class).single(),
                ReportMediationResultType.class);
        assertThat(sent.getCourtCode().value()).isEqualTo("内0502");
        assertThat(sent.getRelatedDelegationId()).isEqualTo(DELEGATION);
        assertThat(sent.getApplicationId()).isEqualTo(applicationId);
        assertThat(sent.getCauseOfAction().getCode()).isEqualTo("0104");
        assertThat(sent.getApplicationDate().toXMLFormat()).isEqualTo("2024-06-24");
        assertThat(CourtOutbound.marshal("agreement", sent.getAgreement()))
                .isEqualTo(CourtOutbound.marshal("agreement", report.getAgreement()));
        assertThat(sent.getApplicants().getApplicant()).extracting(ApplicantType::getName, ApplicantType::getIdNumber)
                .containsExactly(org.assertj.core.groups.Tuple.tuple("包金山", "152301194604120317"),
                        org.assertj.core.groups.Tuple.tuple("巴特尔", "152301197211200512"),
                        org.assertj.core.groups.Tuple.tuple("额尔敦·巴雅尔", "152321196803150118"));
        assertThat(sent.getApplicants().getApplicant()).allSatisfy(a -> {
            assertThat(a.getPhone()).isNotEmpty();
            assertThat(a.getAddress()).isNotBlank();
            assertThat(a.getPersonType().value()).isEqualTo("NATURAL");
        });
        assertThat(sent.getMediationOrg().getRegionCode()).isEqualTo("150502001");
        assertThat(sent.getMediator()).extracting(m -> m.getName()).containsExactly("乌兰");
        List<AttachmentType> attachments = sent.getAttachments().getAttachment();
        assertThat(attachments).extracting(a -> a.getDocType().value()).containsExactly("AGREEMENT", "JC_APPLICATION");
        for (AttachmentType a : attachments) {
            byte[] content = bytes(a);
            assertThat(a.getSizeBytes()).isEqualTo(content.length);
            assertThat(a.getSha256()).isEqualTo(CourtDocuments.sha256(content)).matches("[0-9a-f]{64}");
        }
        assertThat(bytes(attachments.get(0))).isEqualTo(AGREEMENT_PDF);
        assertThat(bytes(attachments.get(1))).isEqualTo(APPLICATION_PDF);
        assertThat(payload).doesNotContain("Z<").doesNotContain("xop:Include");
        assertThat(jdbc.sql("select count(*) from audit_log where target = :t and actor = 'admin'")
                .param("t", applicationId).query(Long.class).single()).isEqualTo(3);

        // the court accepts: the row follows, and nothing more can be added
        tx.executeWithoutResult(s -> publisher.publishEvent(new CourtOutbound.Answered(1L, "内0502",
                "ApplyJudicialConfirmation", DELEGATION, disputeId, sent.getMessageId(), "ACCEPTED", null)));
        assertThat(confirmations.find(applicationId).orElseThrow().state()).isEqualTo("ACCEPTED");
        assertThat(hub.postJson("/api/admin/court/applications/" + applicationId + "/input", "admin", "tongjie-demo",
                "{\"consent\":true}").statusCode()).isEqualTo(409);
    }

    @Test
    void shouldRemindAtTheConfiguredDaysAndRefuseAnApplicationThatCanNoLongerReachTheCourtInTime() {
        String applicationId = disputeId + "-JC1";
        jumpToDay(19);
        assertThat(remindersFor()).isZero();
        jumpToDay(20);
        confirmations.remind();
        assertThat(remindersFor()).isEqualTo(1);
        confirmations.remind();
        assertThat(remindersFor()).as("once per threshold").isEqualTo(1);
        jumpToDay(25);
        confirmations.remind();
        assertThat(remindersFor()).isEqualTo(2);
        jumpToDay(29);
        confirmations.remind();
        assertThat(remindersFor()).isEqualTo(3);
        assertThat(alerts.open(500)).filteredOn(a -> disputeId.equals(a.disputeId())
                && a.code().equals("JC_APPLICATION_DUE")).extracting(Alerts.Alert::severity).contains("ERROR");

        jumpToDay(30);
        post("/api/admin/court/applications/" + applicationId + "/input",
                "{\"applicationDate\":\"2024-07-19\",\"consent\":true,\"parties\":{\"3\":{\"phone\":\"18604750319\"}}}");
        post("/api/admin/court/applications/" + applicationId + "/documents", document("AGREEMENT", "人民调解协议书",
                "调解协议书.pdf", AGREEMENT_PDF));
        HttpResponse<String> late = hub.postJson("/api/admin/court/applications/" + applicationId + "/documents",
                "admin", "tongjie-demo", document("JC_APPLICATION", "司法确认申请书", "申请书.pdf", APPLICATION_PDF));
        assertThat(late.statusCode()).isEqualTo(409);
        assertThat(late.body()).contains("too late");
        assertThat(jdbc.sql("select count(*) from court_outbound where operation = 'ApplyJudicialConfirmation'")
                .query(Long.class).single()).isZero();
    }

    private void jumpToDay(int day) {
        ((HubClock) clock).jumpTo(OffsetDateTime.parse("2024-06-20T09:00:00+08:00").plusDays(day).toInstant());
    }

    private long remindersFor() {
        return alerts.open(500).stream().filter(a -> disputeId.equals(a.disputeId())
                && a.code().equals("JC_APPLICATION_DUE")).count();
    }

    private JsonNode post(String path, String json) {
        HttpResponse<String> r = hub.postJson(path, "admin", "tongjie-demo", json);
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        return hub.json(r.body());
    }

    private String document(String docType, String title, String fileName, byte[] content) {
        return mapper.createObjectNode().put("docType", docType).put("title", title).put("fileName", fileName)
                .put("mimeType", "application/pdf").put("content", Base64.getEncoder().encodeToString(content))
                .toString();
    }

    private static byte[] bytes(AttachmentType a) {
        try (InputStream in = a.getContent().getInputStream()) {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            in.transferTo(out);
            return out.toByteArray();
        } catch (IOException e) {
            throw new AssertionError(e);
        }
    }

    /** The parties of story CA (sample valid-ca1); the third party's phone is not on record. */
    private String snapshot() {
        List<Party> parties = List.of(
                new Party("APPLICANT", "NATURAL_PERSON", "包金山", "RESIDENT_ID", "152301194604120317", "MALE", "02",
                        "13904750131", "内蒙古自治区通辽市科尔沁区西门街道团结社区团结路88号2单元301室", null, null, null),
                new Party("RESPONDENT", "NATURAL_PERSON", "巴特尔", "RESIDENT_ID", "152301197211200512", "MALE", "02",
                        "15804750257", "内蒙古自治区通辽市科尔沁区西门街道和平社区建国路17号3单元502室", null, null, null),
                new Party("RESPONDENT", "NATURAL_PERSON", "额尔敦·巴雅尔", "RESIDENT_ID", "152321196803150118", "MALE",
                        "02", null, "内蒙古自治区通辽市科尔沁左翼中旗保康镇繁荣社区民族路23号", null, null, null));
        CanonicalDispute d = new CanonicalDispute(disputeId, "COURT", "court", DELEGATION, "1", "MARRIAGE_FAMILY",
                "0104", "赡养纠纷：原告要求二被告支付赡养费", null, "2024-06-03T10:15:00+08:00", "150502001", null, null,
                3, false, null, null, null, parties, null, null,
                new CanonicalDispute.SuggestedBody("TY0502-001", "西门街道人民调解委员会", "乌兰"),
                "2024-07-03T23:59:59+08:00");
        try {
            return mapper.writeValueAsString(d);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new AssertionError(e);
        }
    }

    /** The Body element of a court sample, with the contract namespace declared on it. */
    static String body(String sample, String element) {
        try (InputStream in = JudicialConfirmationIT.class.getResourceAsStream("/samples/court/" + sample)) {
            String xml = new String(in.readAllBytes(), StandardCharsets.UTF_8);
            Matcher m = Pattern.compile("<cd:" + element + ">.*</cd:" + element + ">", Pattern.DOTALL).matcher(xml);
            assertThat(m.find()).isTrue();
            return m.group().replaceFirst("<cd:" + element + ">",
                    "<cd:" + element + " xmlns:cd=\"" + CourtOutbound.NS + "\">");
        } catch (IOException e) {
            throw new AssertionError(e);
        }
    }
}
