package cn.tongjie.hub.court;

import static org.assertj.core.api.Assertions.assertThat;

import cn.tongjie.hub.canonical.EventData;
import java.math.BigDecimal;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import tongliao.court.docking.v1.AgreementFormType;
import tongliao.court.docking.v1.DeclineReasonType;
import tongliao.court.docking.v1.FailureReasonType;
import tongliao.court.docking.v1.MediationOrgTypeType;
import tongliao.court.docking.v1.MediationResultTypeType;
import tongliao.court.docking.v1.PartyRoleType;
import tongliao.court.docking.v1.PerformanceModeType;
import tongliao.court.docking.v1.ReportMediationResultType;

/** One test per rule of docs/court-mapping.md (CourtResultMapping is the single place of those rules). */
class CourtResultMappingTest {

    private static final OffsetDateTime DUE = OffsetDateTime.parse("2026-07-10T23:59:59+08:00");
    private static final EventData.Target BODY = new EventData.Target("legal-service", "TW15050200101", "西门街道人民调解委员会");

    // ------------------------------------------------------------------ failureReasonCode

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource({
            "被告拒绝拆除围墙，明确表示不同意继续调解。, PARTY_REFUSED",
            "申请人不愿再调解，坚持诉讼, PARTY_REFUSED",
            "被告法定代表人经两次通知未到场, PARTY_ABSENT",
            "多次电话联系不上被申请人, PARTY_ABSENT",
            "双方对赔偿金额分歧较大，未能达成协议, NO_AGREEMENT",
            "协商不成, NO_AGREEMENT",
            "案件涉嫌犯罪，不宜调解, NOT_SUITABLE",
            "被告未到场，双方未达成协议, PARTY_ABSENT",
            "其他原因, OTHER"})
    void shouldMapFailureTextToReasonCodeByKeywords(String text, FailureReasonType expected) {
        assertThat(CourtResultMapping.failureReasonCode(text)).isEqualTo(expected);
    }

    @Test
    void shouldMapMissingFailureTextToOther() {
        assertThat(CourtResultMapping.failureReasonCode(null)).isEqualTo(FailureReasonType.OTHER);
        assertThat(CourtResultMapping.failureReasonCode("  ")).isEqualTo(FailureReasonType.OTHER);
    }

    // ------------------------------------------------------------------ withdrawnByRole

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource({
            "被告表示不再参加调解，要求法院依法判决。, 被告",
            "被申请人撤回调解申请, 被告",
            "申请人撤回调解申请, 原告",
            "原告已与被告和解，原告撤回, 原告",
            "第三人退出调解, 第三人"})
    void shouldDeriveWithdrawnByRoleFromTheFirstRoleNamed(String text, PartyRoleType expected) {
        assertThat(CourtResultMapping.withdrawnByRole(text)).contains(expected);
    }

    @Test
    void shouldFindNoRoleWhenTheTextNamesNone() {
        assertThat(CourtResultMapping.withdrawnByRole("一方当事人退出调解")).isEmpty();
        assertThat(CourtResultMapping.withdrawnByRole(null)).isEmpty();
    }

    // ------------------------------------------------------------------ performanceMode / agreementForm

    private static final LocalDate SIGNED = LocalDate.parse("2026-06-20");

    @Test
    void shouldReportInstalmentForMonthlyPayments() {
        String text = "自2024年7月起，巴特尔每月5日前向包金山支付赡养费600元";
        assertThat(CourtResultMapping.performanceMode(text, null, null, SIGNED)).isEqualTo(PerformanceModeType.INSTALLMENT);
        assertThat(CourtResultMapping.performanceMode("被告分三次支付原告货款", new BigDecimal("9000.00"), null, SIGNED))
                .isEqualTo(PerformanceModeType.INSTALLMENT);
    }

    @Test
    void shouldReportImmediateForPaymentAtSigning() {
        assertThat(CourtResultMapping.performanceMode("被告当场支付原告赔偿款5000元", new BigDecimal("5000.00"),
                SIGNED.plusDays(10), SIGNED)).isEqualTo(PerformanceModeType.IMMEDIATE);
        assertThat(CourtResultMapping.performanceMode("被告向原告支付赔偿款5000元", new BigDecimal("5000.00"), null,
                SIGNED)).isEqualTo(PerformanceModeType.IMMEDIATE);
    }

    @Test
    void shouldReportDeferredForALaterDeadline() {
        assertThat(CourtResultMapping.performanceMode("被告向原告支付欠款38600元", new BigDecimal("38600.00"),
                SIGNED.plusDays(30), SIGNED)).isEqualTo(PerformanceModeType.DEFERRED);
        assertThat(CourtResultMapping.performanceMode("被告于2026年7月31日前支付欠款", null, null, SIGNED))
                .isEqualTo(PerformanceModeType.DEFERRED);
    }

    @Test
    void shouldReportNonMonetaryWithoutAmountOrMoneyWords() {
        assertThat(CourtResultMapping.performanceMode("被告于本月内拆除围墙，恢复通行", null, SIGNED.plusDays(10), SIGNED))
                .isEqualTo(PerformanceModeType.NON_MONETARY);
    }

    @Test
    void shouldReportOralOnlyWhenTheTextSaysSo() {
        assertThat(CourtResultMapping.agreementForm("双方口头达成协议，记录在卷")).isEqualTo(AgreementFormType.ORAL);
        assertThat(CourtResultMapping.agreementForm("双方签订书面协议")).isEqualTo(AgreementFormType.WRITTEN);
        assertThat(CourtResultMapping.agreementForm(null)).isEqualTo(AgreementFormType.WRITTEN);
    }

    // ------------------------------------------------------------------ whole results

    @Test
    void shouldMapSuccessWithAgreementOnTheBeijingDate() {
        // 16:30Z is 00:30 next day in Beijing: agreementDate is the Beijing date.
        EventData.MediationConcluded c = concluded("SUCCESS", "2026-06-19T16:30:00Z", "西人调字〔2026〕第58号",
                "被告于2026年7月31日前向原告支付货款38600元", new BigDecimal("38600"), "2026-07-31", null);
        ReportMediationResultType r = CourtResultMapping.result(c, delegation("LEGACY_PREFILING"), true);
        assertThat(r.getResultType()).isEqualTo(MediationResultTypeType.SUCCESS);
        assertThat(r.getConcludedAt().toXMLFormat()).isEqualTo("2026-06-20T00:30:00+08:00");
        assertThat(r.getAgreement().getAgreementDate().toXMLFormat()).isEqualTo("2026-06-20");
        assertThat(r.getAgreement().getAgreementNo()).isEqualTo("西人调字〔2026〕第58号");
        assertThat(r.getAgreement().getAgreedAmount()).isEqualByComparingTo("38600.00");
        assertThat(r.getAgreement().getAgreedAmount().scale()).isEqualTo(2);
        assertThat(r.getAgreement().getPerformanceMode()).isEqualTo(PerformanceModeType.DEFERRED);
        assertThat(r.getAgreement().getPerformanceDueDate().toXMLFormat()).isEqualTo("2026-07-31");
        assertThat(r.getAgreement().isWillApplyJudicialConfirmation()).isTrue();
    }

    @Test
    void shouldNeverApplyForJudicialConfirmationAfterFiling() {
        EventData.MediationConcluded c = concluded("SUCCESS", "2026-06-20T16:30:00+08:00", "X调字第1号", "各自承担", null,
                null, null);
        assertThat(CourtResultMapping.result(c, delegation("POST_FILING"), true).getAgreement()
                .isWillApplyJudicialConfirmation()).isFalse();
        assertThat(CourtResultMapping.result(c, delegation("LEGACY_PREFILING"), false).getAgreement()
                .isWillApplyJudicialConfirmation()).isFalse();
    }

    @Test
    void shouldMapFailureWithCodeAndTextTruncatedTo500Characters() {
        String longText = "被告拒绝调解" + "𠮷".repeat(600);
        ReportMediationResultType r = CourtResultMapping.result(concluded("FAILURE", "2026-06-20T16:30:00+08:00", null,
                null, null, null, longText), delegation("POST_FILING"), true);
        assertThat(r.getResultType()).isEqualTo(MediationResultTypeType.FAILURE);
        assertThat(r.getFailureReasonCode()).isEqualTo(FailureReasonType.PARTY_REFUSED);
        String t = r.getFailureReasonText();
        assertThat(t.codePointCount(0, t.length())).isEqualTo(500);
        assertThat(r.getAgreement()).isNull();
    }

    @Test
    void shouldMapTerminatedByANamedPartyToWithdrawn() {
        ReportMediationResultType r = CourtResultMapping.result(concluded("TERMINATED", "2026-06-25T09:40:00+08:00",
                null, null, null, null, "被告表示不再参加调解，要求法院依法判决。"), delegation("POST_FILING"), true);
        assertThat(r.getResultType()).isEqualTo(MediationResultTypeType.WITHDRAWN);
        assertThat(r.getWithdrawnByRole()).isEqualTo(PartyRoleType.被告);
        assertThat(r.getResultNote()).isEqualTo("被告表示不再参加调解，要求法院依法判决。");
        assertThat(r.getFailureReasonCode()).isNull();
    }

    @Test
    void shouldMapTerminatedWithoutRoleToFailurePartyRefused() {
        ReportMediationResultType r = CourtResultMapping.result(concluded("TERMINATED", "2026-06-25T09:40:00+08:00",
                null, null, null, null, "一方当事人退出"), delegation("POST_FILING"), true);
        assertThat(r.getResultType()).isEqualTo(MediationResultTypeType.FAILURE);
        assertThat(r.getFailureReasonCode()).isEqualTo(FailureReasonType.PARTY_REFUSED);
        assertThat(r.getWithdrawnByRole()).isNull();
    }

    @Test
    void shouldReportAConclusionAfterTheEffectiveDueAtAsTimeoutAtDueAt() {
        ReportMediationResultType r = CourtResultMapping.result(concluded("SUCCESS", "2026-07-11T10:00:00+08:00",
                "X调字第2号", "支付1000元", new BigDecimal("1000.00"), null, null), delegation("POST_FILING"), true);
        assertThat(r.getResultType()).isEqualTo(MediationResultTypeType.TIMEOUT);
        assertThat(r.getConcludedAt().toXMLFormat()).isEqualTo("2026-07-10T23:59:59+08:00");
        assertThat(r.getResultNote()).contains("2026-07-11 10:00").contains("调解成功").contains("X调字第2号");
        assertThat(r.getAgreement()).isNull();
    }

    @Test
    void shouldReportAConclusionExactlyAtDueAtAsItsOwnResult() {
        assertThat(CourtResultMapping.late(DUE, DUE)).isFalse();
        assertThat(CourtResultMapping.late(DUE.plusSeconds(1), DUE)).isTrue();
        ReportMediationResultType r = CourtResultMapping.result(concluded("FAILURE", "2026-07-10T23:59:59+08:00", null,
                null, null, null, "未达成协议"), delegation("POST_FILING"), true);
        assertThat(r.getResultType()).isEqualTo(MediationResultTypeType.FAILURE);
    }

    // ------------------------------------------------------------------ decline, organisation

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource({"ALL_DECLINED, OUT_OF_SCOPE", "PARTY_REFUSED, PARTY_REFUSED_MEDIATION",
            "ALREADY_IN_LITIGATION, OUT_OF_SCOPE", "NOT_MEDIATABLE, OUT_OF_SCOPE", "REJECTED, OTHER"})
    void shouldMapUnresolvedReasonToDeclineReason(String unresolved, DeclineReasonType expected) {
        assertThat(CourtResultMapping.declineReason(unresolved)).isEqualTo(expected);
    }

    @Test
    void shouldSendRosterCodeOnlyToTheCourtOfThatRoster() {
        assertThat(CourtResultMapping.orgCodeFor("TY0502-001", "内0502")).isEqualTo("TY0502-001");
        assertThat(CourtResultMapping.orgCodeFor("TY0502-001", "内0521")).isNull();
        assertThat(CourtResultMapping.orgCodeFor(null, "内0502")).isNull();
    }

    @Test
    void shouldDeriveOrgTypeAndRegionFromTheCommitteeCode() {
        assertThat(CourtResultMapping.orgType(null, "legal-service", "TW15050200101"))
                .isEqualTo(MediationOrgTypeType.PEOPLES_MEDIATION);
        assertThat(CourtResultMapping.orgType(null, "legal-service", "HY15050201"))
                .isEqualTo(MediationOrgTypeType.INDUSTRY_MEDIATION);
        assertThat(CourtResultMapping.orgType(null, "trade-union", "U1")).isEqualTo(MediationOrgTypeType.TRADE_UNION);
        assertThat(CourtResultMapping.orgType("LAWYER_MEDIATION", "legal-service", "TW15050200101"))
                .isEqualTo(MediationOrgTypeType.LAWYER_MEDIATION);
        assertThat(CourtResultMapping.regionCode(null, "TW15050200101")).isEqualTo("150502001");
        assertThat(CourtResultMapping.regionCode(null, "TW15050200001")).isEqualTo("150502");
        assertThat(CourtResultMapping.regionCode(null, "HY15050201")).isEqualTo("150502");
        assertThat(CourtResultMapping.regionCode("150581", "U1")).isEqualTo("150581");
        assertThat(CourtResultMapping.regionCode(null, "U1")).isNull();
    }

    @Test
    void shouldDropPhonesTheCourtSchemaWouldRefuse() {
        assertThat(CourtResultMapping.phone("15904753268")).isEqualTo("15904753268");
        assertThat(CourtResultMapping.phone("0475-8216601")).isEqualTo("0475-8216601");
        assertThat(CourtResultMapping.phone("+86 159 0475 3268")).isNull();
    }

    private static EventData.MediationConcluded concluded(String result, String at, String no, String text,
            BigDecimal amount, String deadline, String failure) {
        return new EventData.MediationConcluded("TJ-20260620-000001", "TJ-20260620-000001-1", "RMTJ-150502-2026-000001",
                BODY, result, at, no, text, amount, deadline, failure, null, null);
    }

    private static Delegation delegation(String regime) {
        OffsetDateTime received = OffsetDateTime.parse("2026-06-01T10:00:00+08:00");
        return new Delegation("内0502", "WT0502-2026-000001", "TJ-20260620-000001", regime, null, "（2026）内0502民初1号",
                "(2026)内0502民初1号", "ORDINARY", "0302", "买卖合同纠纷", null, null, null, received, received, DUE, DUE,
                "OPEN", null, null, null, null, null, null, null, null);
    }
}
