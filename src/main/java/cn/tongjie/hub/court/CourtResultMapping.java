package cn.tongjie.hub.court;

import cn.tongjie.hub.canonical.EventData;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;
import tongliao.court.docking.v1.AgreementFormType;
import tongliao.court.docking.v1.AgreementType;
import tongliao.court.docking.v1.DeclineReasonType;
import tongliao.court.docking.v1.FailureReasonType;
import tongliao.court.docking.v1.MediationOrgTypeType;
import tongliao.court.docking.v1.MediationResultTypeType;
import tongliao.court.docking.v1.PartyRoleType;
import tongliao.court.docking.v1.PerformanceModeType;
import tongliao.court.docking.v1.ReportMediationResultType;

/**
 * Every rule that turns what a mediation system said into what the court requires (contract §6.6, §6.7, §8.1, §8.2),
 * in one place and free of I/O, so each rule is unit-tested and docs/court-mapping.md can describe it table by table.
 * Texts are matched by keywords because the canonical events carry the mediators' free text, not codes.
 */
final class CourtResultMapping {

    /** Text500 / Text4000 count code points (contract §5 "Lengths"). */
    static final int TEXT_500 = 500;
    static final int TEXT_4000 = 4000;

    private static final DateTimeFormatter MINUTE = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm");

    // Checked in this order: the most specific cause wins over the generic "no agreement" that every failure implies.
    private static final List<Rule<FailureReasonType>> FAILURE_RULES = List.of(
            new Rule<>(FailureReasonType.NOT_SUITABLE, "不宜调解", "不适宜调解", "不适合调解", "不属于调解", "不属于人民调解",
                    "涉嫌犯罪", "不宜由", "超出调解范围"),
            new Rule<>(FailureReasonType.PARTY_ABSENT, "未到场", "未到庭", "缺席", "未出席", "无法联系", "联系不上", "联系不到",
                    "下落不明", "失联", "未参加调解", "拒不到场"),
            new Rule<>(FailureReasonType.PARTY_REFUSED, "拒绝", "不同意", "不愿", "拒不", "不接受调解", "不再参加", "退出调解",
                    "要求法院", "要求判决", "坚持诉讼"),
            new Rule<>(FailureReasonType.NO_AGREEMENT, "未达成", "未能达成", "无法达成", "分歧", "差距", "意见不一", "协商不成",
                    "调解不成", "未能调结"));

    private static final List<String> ORAL = List.of("口头协议", "口头达成", "口头约定", "口头");
    private static final List<String> INSTALLMENT = List.of("分期", "每月", "每年", "每季度", "每周", "按月", "按季",
            "按年", "第一期", "首期", "余款");
    private static final Pattern SPLIT_PAYMENTS = Pattern.compile("分[一二两三四五六七八九十0-9]+次");
    private static final List<String> IMMEDIATE = List.of("当场", "当即", "即时", "当日", "当天", "签字时", "签订时",
            "已支付", "已给付", "已履行", "现场支付");
    private static final Pattern MONEY = Pattern.compile("[0-9０-９一二三四五六七八九十百千万]+(\\.[0-9]+)?\\s*(万)?元"
            + "|支付|给付|赔偿|补偿|偿还|还款|赡养费|抚养费|工资|报酬|借款|租金|货款");
    private static final Pattern DATE_BEFORE = Pattern.compile("[0-9]{4}年[0-9]{1,2}月[0-9]{1,2}日(之)?前");

    private CourtResultMapping() {
    }

    private record Rule<T>(T code, String... keywords) {
        boolean matches(String text) {
            for (String k : keywords) {
                if (text.contains(k)) {
                    return true;
                }
            }
            return false;
        }
    }

    /** failureReasonCode from the mediator's free-text failure reason; OTHER when no keyword matches. */
    static FailureReasonType failureReasonCode(String text) {
        if (text == null || text.isBlank()) {
            return FailureReasonType.OTHER;
        }
        return FAILURE_RULES.stream().filter(r -> r.matches(text)).map(Rule::code).findFirst()
                .orElse(FailureReasonType.OTHER);
    }

    /**
     * withdrawnByRole from the text of a TERMINATED mediation: 申请人/原告 → 原告, 被申请人/被告 → 被告, 第三人 → 第三人; the
     * role named first wins (the subject of the sentence). Empty when the text names no role.
     */
    static Optional<PartyRoleType> withdrawnByRole(String text) {
        if (text == null) {
            return Optional.empty();
        }
        for (int i = 0; i < text.length(); i++) {
            // 被申请人 contains 申请人: test the longer word first at every position.
            if (text.startsWith("被申请人", i) || text.startsWith("被告", i)) {
                return Optional.of(PartyRoleType.被告);
            }
            if (text.startsWith("申请人", i) || text.startsWith("原告", i)) {
                return Optional.of(PartyRoleType.原告);
            }
            if (text.startsWith("第三人", i)) {
                return Optional.of(PartyRoleType.第三人);
            }
        }
        return Optional.empty();
    }

    /** ORAL only when the agreement text says it was oral (口头); the canonical event carries no form of its own. */
    static AgreementFormType agreementForm(String agreementText) {
        return agreementText != null && ORAL.stream().anyMatch(agreementText::contains) ? AgreementFormType.ORAL
                : AgreementFormType.WRITTEN;
    }

    /**
     * performanceMode, in this order: no amount and no money words → NON_MONETARY; instalment words (分期, 每月, 分三次…)
     * → INSTALLMENT; payment at signing (当场, 当即, 已支付…) → IMMEDIATE; a performance deadline after the agreement
     * date, or a "yyyy年m月d日前" in the text → DEFERRED; otherwise IMMEDIATE.
     */
    static PerformanceModeType performanceMode(String text, BigDecimal agreedAmount, LocalDate performanceDeadline,
            LocalDate agreementDate) {
        String t = text == null ? "" : text;
        boolean monetary = agreedAmount != null && agreedAmount.signum() > 0 || MONEY.matcher(t).find();
        if (!monetary) {
            return PerformanceModeType.NON_MONETARY;
        }
        if (INSTALLMENT.stream().anyMatch(t::contains) || SPLIT_PAYMENTS.matcher(t).find()) {
            return PerformanceModeType.INSTALLMENT;
        }
        if (IMMEDIATE.stream().anyMatch(t::contains)) {
            return PerformanceModeType.IMMEDIATE;
        }
        if (performanceDeadline != null && performanceDeadline.isAfter(agreementDate) || DATE_BEFORE.matcher(t).find()) {
            return PerformanceModeType.DEFERRED;
        }
        return PerformanceModeType.IMMEDIATE;
    }

    /** POST_FILING never applies for 司法确认 (the judge issues a 调解书, §8.2); legacy follows the configured default. */
    static boolean willApplyJudicialConfirmation(Delegation d, boolean legacyDefault) {
        return d.legacy() && legacyDefault;
    }

    /** A result concluded after the effective dueAt is reported as TIMEOUT (§8.2); at dueAt exactly is in time. */
    static boolean late(OffsetDateTime concludedAt, OffsetDateTime effectiveDueAt) {
        return concludedAt.isAfter(effectiveDueAt);
    }

    /** declineReasonCode of AcknowledgeDelegation DECLINED from the reasonCode of dispute.unresolved. */
    static DeclineReasonType declineReason(String unresolvedReasonCode) {
        if (unresolvedReasonCode == null) {
            return DeclineReasonType.OTHER;
        }
        return switch (unresolvedReasonCode) {
            case "PARTY_REFUSED" -> DeclineReasonType.PARTY_REFUSED_MEDIATION;
            // Every body that could take it declined (out of area / not in scope): the court reads that as scope.
            case "ALL_DECLINED", "NOT_MEDIATABLE", "ALREADY_IN_LITIGATION" -> DeclineReasonType.OUT_OF_SCOPE;
            default -> DeclineReasonType.OTHER;
        };
    }

    /** failureReasonCode when no body will continue after the hub had already acknowledged ACCEPTED. */
    static FailureReasonType failureOfUnresolved(String unresolvedReasonCode) {
        if (unresolvedReasonCode == null) {
            return FailureReasonType.OTHER;
        }
        return switch (unresolvedReasonCode) {
            case "PARTY_REFUSED" -> FailureReasonType.PARTY_REFUSED;
            case "ALL_DECLINED", "NOT_MEDIATABLE", "ALREADY_IN_LITIGATION" -> FailureReasonType.NOT_SUITABLE;
            default -> FailureReasonType.OTHER;
        };
    }

    /** orgType from configuration, else from the body's agency and code (TW… committee → 人民调解, HY… → 行业性专业性). */
    static MediationOrgTypeType orgType(String configured, String agency, String code) {
        if (configured != null && !configured.isBlank()) {
            return MediationOrgTypeType.fromValue(configured);
        }
        if ("trade-union".equals(agency)) {
            return MediationOrgTypeType.TRADE_UNION;
        }
        if ("womens-federation".equals(agency)) {
            return MediationOrgTypeType.WOMENS_FEDERATION;
        }
        if (code != null && code.startsWith("HY")) {
            return MediationOrgTypeType.INDUSTRY_MEDIATION;
        }
        if (code != null && code.startsWith("TW")) {
            return MediationOrgTypeType.PEOPLES_MEDIATION;
        }
        return MediationOrgTypeType.OTHER;
    }

    /**
     * regionCode from configuration, else the area inside a legal-service committee code: TW + 9-digit area + 2 digits
     * (a township suffix 000 means the county/city itself: 6 digits), HY + 6-digit region + 2 digits.
     */
    static String regionCode(String configured, String code) {
        if (configured != null && configured.matches("[0-9]{6}([0-9]{3})?")) {
            return configured;
        }
        if (code != null && code.matches("TW[0-9]{11}")) {
            String area = code.substring(2, 11);
            return area.endsWith("000") ? area.substring(0, 6) : area;
        }
        if (code != null && code.matches("HY[0-9]{8}")) {
            return code.substring(2, 8);
        }
        return null;
    }

    /** orgCode only for the court whose 特邀调解组织名册 it is on: TY0502-001 is on 内0502's roster (TY05-… on 内05's). */
    static String orgCodeFor(String rosterCode, String courtCode) {
        if (rosterCode == null || !rosterCode.matches("TY05([0-9]{2})?-[0-9]{3}")) {
            return null;
        }
        String rosterCourt = rosterCode.substring(2, rosterCode.indexOf('-'));
        return rosterCourt.equals(CourtProperties.digits(courtCode)) ? rosterCode : null;
    }

    /** The PhoneType pattern of the XSD; any other phone text is left out rather than faulted by the court. */
    static String phone(String phone) {
        return phone != null && (phone.matches("1[3-9][0-9]{9}") || phone.matches("0[0-9]{2,3}-?[0-9]{7,8}(-[0-9]{1,6})?"))
                ? phone : null;
    }

    /** At most {@code max} code points (the contract counts characters, not UTF-16 units); blank → null. */
    static String truncate(String text, int max) {
        if (text == null || text.isBlank()) {
            return null;
        }
        String t = text.strip();
        if (t.codePointCount(0, t.length()) <= max) {
            return t;
        }
        return t.substring(0, t.offsetByCodePoints(0, max - 1)) + "…";
    }

    /**
     * The result part of ReportMediationResult for a concluded mediation (no header, delegation, org or mediator):
     * SUCCESS with the agreement, FAILURE with a reason code, TERMINATED → WITHDRAWN when the text names the party
     * (else FAILURE PARTY_REFUSED), and any of them concluded after the effective dueAt → TIMEOUT at dueAt with the
     * late result in resultNote.
     */
    static ReportMediationResultType result(EventData.MediationConcluded c, Delegation d, boolean legacyJcDefault) {
        OffsetDateTime concludedAt = OffsetDateTime.parse(c.concludedAt());
        ReportMediationResultType r = new ReportMediationResultType();
        if (late(concludedAt, d.dueAt())) {
            r.setResultType(MediationResultTypeType.TIMEOUT);
            r.setConcludedAt(CourtTimes.toXml(d.dueAt()));
            r.setResultNote(truncate("调解期限届满后，" + lateNote(c), TEXT_500));
            return r;
        }
        r.setConcludedAt(CourtTimes.toXml(concludedAt));
        switch (c.result()) {
            case "SUCCESS" -> {
                r.setResultType(MediationResultTypeType.SUCCESS);
                r.setAgreement(agreement(c, concludedAt, d, legacyJcDefault));
            }
            case "TERMINATED" -> {
                Optional<PartyRoleType> role = withdrawnByRole(c.failureReason());
                if (role.isPresent()) {
                    r.setResultType(MediationResultTypeType.WITHDRAWN);
                    r.setWithdrawnByRole(role.get());
                    r.setResultNote(truncate(c.failureReason(), TEXT_500));
                } else {
                    // A party left but the text does not say which: to the court that is a refusal to go on.
                    r.setResultType(MediationResultTypeType.FAILURE);
                    r.setFailureReasonCode(FailureReasonType.PARTY_REFUSED);
                    r.setFailureReasonText(truncate(c.failureReason(), TEXT_500));
                }
            }
            default -> {
                r.setResultType(MediationResultTypeType.FAILURE);
                r.setFailureReasonCode(failureReasonCode(c.failureReason()));
                r.setFailureReasonText(truncate(c.failureReason(), TEXT_500));
            }
        }
        return r;
    }

    static AgreementType agreement(EventData.MediationConcluded c, OffsetDateTime concludedAt, Delegation d,
            boolean legacyJcDefault) {
        AgreementType a = new AgreementType();
        LocalDate agreementDate = CourtTimes.beijingDate(concludedAt);
        LocalDate deadline = c.performanceDeadline() == null ? null : LocalDate.parse(c.performanceDeadline());
        a.setAgreementNo(c.agreementNo());
        a.setAgreementDate(CourtTimes.toXmlDate(agreementDate));
        a.setAgreementForm(agreementForm(c.agreementText()));
        a.setAgreementText(truncate(c.agreementText(), TEXT_4000));
        a.setPerformanceMode(performanceMode(c.agreementText(), c.agreedAmount(), deadline, agreementDate));
        if (deadline != null && !deadline.isBefore(agreementDate)) {
            a.setPerformanceDueDate(CourtTimes.toXmlDate(deadline));
        }
        if (c.agreedAmount() != null && c.agreedAmount().signum() > 0) {
            a.setAgreedAmount(c.agreedAmount().setScale(2, RoundingMode.UNNECESSARY));
        }
        a.setWillApplyJudicialConfirmation(willApplyJudicialConfirmation(d, legacyJcDefault));
        return a;
    }

    /** The result with its end time, in words: resultNote of a TIMEOUT that replaces it (§8.2, §11). */
    static String lateNote(EventData.MediationConcluded c) {
        return "调解于" + OffsetDateTime.parse(c.concludedAt()).withOffsetSameInstant(CourtTimes.BEIJING).format(MINUTE)
                + "结束：" + summary(c);
    }

    /** The result in words (no personal names added by the hub). */
    static String summary(EventData.MediationConcluded c) {
        return switch (c.result()) {
            case "SUCCESS" -> "调解成功，达成调解协议" + (c.agreementNo() == null ? "" : "（" + c.agreementNo() + "）")
                    + (c.agreedAmount() == null ? "" : "，协议金额" + c.agreedAmount().toPlainString() + "元") + "。";
            case "TERMINATED" -> "调解终止" + (c.failureReason() == null ? "。" : "：" + c.failureReason());
            default -> "调解不成" + (c.failureReason() == null ? "。" : "：" + c.failureReason());
        };
    }

    /** True when the text is longer than the court accepts (the caller alerts: the full text stays in the hub). */
    static boolean overLength(String text, int max) {
        return text != null && text.strip().codePointCount(0, text.strip().length()) > max;
    }
}
