package cn.tongjie.hub.simulator.court;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import javax.xml.datatype.DatatypeConstants;
import javax.xml.datatype.DatatypeFactory;
import javax.xml.datatype.XMLGregorianCalendar;
import jakarta.activation.DataHandler;
import org.junit.jupiter.api.Test;
import tongliao.court.docking.v1.AgreementFormType;
import tongliao.court.docking.v1.AgreementType;
import tongliao.court.docking.v1.ApplicantType;
import tongliao.court.docking.v1.ApplicantsType;
import tongliao.court.docking.v1.ApplyJudicialConfirmationType;
import tongliao.court.docking.v1.AttachmentType;
import tongliao.court.docking.v1.AttachmentsType;
import tongliao.court.docking.v1.CauseOfActionType;
import tongliao.court.docking.v1.CourtCodeType;
import tongliao.court.docking.v1.DocTypeType;
import tongliao.court.docking.v1.FailureReasonType;
import tongliao.court.docking.v1.IdTypeType;
import tongliao.court.docking.v1.MediationOrgType;
import tongliao.court.docking.v1.MediationOrgTypeType;
import tongliao.court.docking.v1.MediationResultTypeType;
import tongliao.court.docking.v1.MediatorType;
import tongliao.court.docking.v1.MimeTypeType;
import tongliao.court.docking.v1.PerformanceModeType;
import tongliao.court.docking.v1.PersonTypeType;
import tongliao.court.docking.v1.ReceiptStatusType;
import tongliao.court.docking.v1.ReceiptType;
import tongliao.court.docking.v1.ReportMediationResultType;

/** The simulated court's §8 checks, on the court's own state and clock. */
class CourtSimulatorTest {

    private static final ZoneOffset BJ = ZoneOffset.ofHours(8);
    private static final OffsetDateTime DUE = OffsetDateTime.parse("2026-03-09T23:59:59+08:00");

    private final SettableClock clock = new SettableClock(DUE.minusDays(3).toInstant());
    private final CourtSimulator court = new CourtSimulator(clock);
    private int seq;

    @Test
    void shouldRejectTimeoutReceivedAtTheDueInstantAsPrematureAndAcceptItOneSecondLater() {
        court.registerDelegation("内0581", "WT0581-2026-000042", "POST_FILING", DUE);
        clock.set(DUE.toInstant());

        ReceiptType atDue = court.receive("内0581", timeout("内0581", "WT0581-2026-000042", DUE));
        clock.set(DUE.plusSeconds(1).toInstant());
        ReceiptType after = court.receive("内0581", timeout("内0581", "WT0581-2026-000042", DUE));

        assertThat(atDue.getStatus()).isEqualTo(ReceiptStatusType.REJECTED);
        assertThat(atDue.getReasonCode()).isEqualTo("TIMEOUT_PREMATURE");
        assertThat(after.getStatus()).isEqualTo(ReceiptStatusType.ACCEPTED);
    }

    @Test
    void shouldFaultATimeoutWhoseConcludedAtIsNotTheDueInstant() {
        court.registerDelegation("内0581", "WT0581-2026-000043", "POST_FILING", DUE);
        clock.set(DUE.plusHours(2).toInstant());

        assertThatThrownBy(() -> court.receive("内0581", timeout("内0581", "WT0581-2026-000043", DUE.plusSeconds(1))))
                .isInstanceOfSatisfying(SimFaults.CodedFault.class,
                        f -> assertThat(f.courtFaultCode()).isEqualTo("INVALID_VALUE"));
    }

    @Test
    void shouldRejectASecondResultForTheSameDelegationAsAlreadyReported() {
        court.registerDelegation("内0502", "WT0502-2026-000100", "POST_FILING", DUE);

        ReceiptType first = court.receive("内0502", failure("内0502", "WT0502-2026-000100"));
        ReceiptType second = court.receive("内0502", failure("内0502", "WT0502-2026-000100"));

        assertThat(first.getStatus()).isEqualTo(ReceiptStatusType.ACCEPTED);
        assertThat(second.getStatus()).isEqualTo(ReceiptStatusType.REJECTED);
        assertThat(second.getReasonCode()).isEqualTo("RESULT_ALREADY_REPORTED");
    }

    @Test
    void shouldAnswerTheOriginalReceiptForARepeatedMessageAndAConflictForDifferentContent() {
        court.registerDelegation("内0502", "WT0502-2026-000101", "POST_FILING", DUE);
        ReportMediationResultType r = failure("内0502", "WT0502-2026-000101");

        ReceiptType original = court.receive("内0502", r);
        ReceiptType repeated = court.receive("内0502", r);
        r.setFailureReasonCode(FailureReasonType.PARTY_ABSENT);

        assertThat(repeated.getReceiptId()).isEqualTo(original.getReceiptId());
        assertThatThrownBy(() -> court.receive("内0502", r)).isInstanceOfSatisfying(SimFaults.CodedFault.class,
                f -> assertThat(f.courtFaultCode()).isEqualTo("DUPLICATE_CONFLICT"));
    }

    @Test
    void shouldRejectAnApplicationFromAnOrganisationOutsideTheCourtsAreaAsNoJurisdiction() {
        clock.set(OffsetDateTime.parse("2026-05-10T10:00:00+08:00").toInstant());

        ReceiptType otherCounty = court.receive("内0502", application("内0502", "150521100", LocalDate.of(2026, 5, 1)));
        ReceiptType cityLevel = court.receive("内0502", application("内0502", "150500", LocalDate.of(2026, 5, 1)));
        ReceiptType ownArea = court.receive("内0502", application("内0502", "150571001", LocalDate.of(2026, 5, 1)));

        assertThat(otherCounty.getReasonCode()).isEqualTo("NO_JURISDICTION");
        assertThat(cityLevel.getReasonCode()).isEqualTo("NO_JURISDICTION");
        assertThat(ownArea.getStatus()).isEqualTo(ReceiptStatusType.ACCEPTED);
    }

    @Test
    void shouldAcceptAnApplicationOnDay30AndRejectItOnDay31AsTooLate() {
        LocalDate agreed = LocalDate.of(2026, 4, 1);
        clock.set(agreed.plusDays(30).atTime(23, 59, 59).atOffset(BJ).toInstant());
        ReceiptType day30 = court.receive("内0525", application("内0525", "150525100", agreed));
        clock.set(agreed.plusDays(31).atStartOfDay().atOffset(BJ).toInstant());
        ReceiptType day31 = court.receive("内0525", application("内0525", "150525100", agreed));

        assertThat(day30.getStatus()).isEqualTo(ReceiptStatusType.ACCEPTED);
        assertThat(day31.getStatus()).isEqualTo(ReceiptStatusType.REJECTED);
        assertThat(day31.getReasonCode()).isEqualTo("APPLICATION_TOO_LATE");
    }

    @Test
    void shouldFaultAMessageForAnotherCourtAsNotAuthorized() {
        court.registerDelegation("内0502", "WT0502-2026-000102", "POST_FILING", DUE);

        assertThatThrownBy(() -> court.receive("内0521", failure("内0502", "WT0502-2026-000102")))
                .isInstanceOfSatisfying(SimFaults.CodedFault.class,
                        f -> assertThat(f.courtFaultCode()).isEqualTo("NOT_AUTHORIZED"));
    }

    // ------------------------------------------------------------------------------------------------ messages

    private ReportMediationResultType timeout(String court, String delegationId, OffsetDateTime concludedAt) {
        ReportMediationResultType r = result(court, delegationId);
        r.setResultType(MediationResultTypeType.TIMEOUT);
        r.setConcludedAt(xml(concludedAt));
        return r;
    }

    private ReportMediationResultType failure(String court, String delegationId) {
        ReportMediationResultType r = result(court, delegationId);
        r.setResultType(MediationResultTypeType.FAILURE);
        r.setConcludedAt(xml(DUE.minusDays(1)));
        r.setMediationOrg(org("150502001"));
        r.getMediator().add(mediator());
        r.setFailureReasonCode(FailureReasonType.NO_AGREEMENT);
        return r;
    }

    private ReportMediationResultType result(String court, String delegationId) {
        ReportMediationResultType r = new ReportMediationResultType();
        r.setMessageId("hub-msg-" + (++seq) + "-0000");
        r.setSentAt(xml(DUE.minusDays(1)));
        r.setCourtCode(CourtCodeType.fromValue(court));
        r.setDelegationId(delegationId);
        r.setHubDisputeId("TJ-20260301-000001");
        return r;
    }

    private ApplyJudicialConfirmationType application(String court, String region, LocalDate agreementDate) {
        ApplyJudicialConfirmationType j = new ApplyJudicialConfirmationType();
        j.setMessageId("hub-msg-" + (++seq) + "-0000");
        j.setSentAt(xml(DUE));
        j.setCourtCode(CourtCodeType.fromValue(court));
        j.setApplicationId("JC-TEST-" + seq);
        j.setHubDisputeId("TJ-20260301-000002");
        CauseOfActionType c = new CauseOfActionType();
        c.setCode("0301");
        c.setName("民间借贷纠纷");
        j.setCauseOfAction(c);
        ApplicantsType applicants = new ApplicantsType();
        applicants.getApplicant().add(applicant(1, "152301194604120317"));
        applicants.getApplicant().add(applicant(2, "152301197211200512"));
        j.setApplicants(applicants);
        j.setApplicationDate(date(agreementDate));
        AgreementType a = new AgreementType();
        a.setAgreementNo("西人调字〔2026〕第1号");
        a.setAgreementDate(date(agreementDate));
        a.setAgreementForm(AgreementFormType.WRITTEN);
        a.setAgreementText("被申请人于2026年6月1日前一次性偿还借款10000元。");
        a.setPerformanceMode(PerformanceModeType.DEFERRED);
        a.setWillApplyJudicialConfirmation(true);
        j.setAgreement(a);
        j.setMediationOrg(org(region));
        j.getMediator().add(mediator());
        AttachmentsType atts = new AttachmentsType();
        atts.getAttachment().add(attachment("D1", DocTypeType.AGREEMENT));
        atts.getAttachment().add(attachment("D2", DocTypeType.JC_APPLICATION));
        j.setAttachments(atts);
        return j;
    }

    private static ApplicantType applicant(int seq, String id) {
        ApplicantType a = new ApplicantType();
        a.setSeq(seq);
        a.setPersonType(PersonTypeType.NATURAL);
        a.setName("申请人" + seq);
        a.setIdType(IdTypeType.ID_CARD);
        a.setIdNumber(id);
        a.getPhone().add("13904750131");
        a.setAddress("内蒙古自治区通辽市科尔沁区");
        return a;
    }

    private static AttachmentType attachment(String id, DocTypeType type) {
        byte[] pdf = ("%PDF-1.4 " + id).getBytes(StandardCharsets.US_ASCII);
        AttachmentType a = new AttachmentType();
        a.setDocId(id);
        a.setDocType(type);
        a.setTitle(type.value());
        a.setFileName(id + ".pdf");
        a.setMimeType(MimeTypeType.APPLICATION_PDF);
        a.setSizeBytes(pdf.length);
        a.setSha256(CourtSimulator.sha256(pdf));
        a.setContent(new DataHandler(new jakarta.activation.DataSource() {
            @Override
            public java.io.InputStream getInputStream() {
                return new java.io.ByteArrayInputStream(pdf);
            }

            @Override
            public java.io.OutputStream getOutputStream() throws java.io.IOException {
                throw new java.io.IOException("read-only");
            }

            @Override
            public String getContentType() {
                return "application/pdf";
            }

            @Override
            public String getName() {
                return id;
            }
        }));
        return a;
    }

    private static MediationOrgType org(String region) {
        MediationOrgType o = new MediationOrgType();
        o.setOrgName("人民调解委员会");
        o.setOrgType(MediationOrgTypeType.PEOPLES_MEDIATION);
        o.setRegionCode(region);
        return o;
    }

    private static MediatorType mediator() {
        MediatorType m = new MediatorType();
        m.setName("乌兰");
        return m;
    }

    private static XMLGregorianCalendar xml(OffsetDateTime t) {
        OffsetDateTime b = t.withOffsetSameInstant(BJ);
        return factory().newXMLGregorianCalendar(b.getYear(), b.getMonthValue(), b.getDayOfMonth(), b.getHour(),
                b.getMinute(), b.getSecond(), DatatypeConstants.FIELD_UNDEFINED, 480);
    }

    private static XMLGregorianCalendar date(LocalDate d) {
        return factory().newXMLGregorianCalendarDate(d.getYear(), d.getMonthValue(), d.getDayOfMonth(),
                DatatypeConstants.FIELD_UNDEFINED);
    }

    private static DatatypeFactory factory() {
        try {
            return DatatypeFactory.newInstance();
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }

    /** A clock that stands still where the test puts it: the checks compare instants to the second. */
    static final class SettableClock extends Clock {
        private volatile Instant now;

        SettableClock(Instant now) {
            this.now = now;
        }

        void set(Instant t) {
            now = t;
        }

        @Override
        public ZoneId getZone() {
            return BJ;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now;
        }
    }
}
