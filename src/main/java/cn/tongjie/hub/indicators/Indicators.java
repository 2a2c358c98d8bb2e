package cn.tongjie.hub.indicators;

import cn.tongjie.hub.common.CaseNumbers;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Duration;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;

/**
 * The six indicators of the plan (issue 6), computed from facts the hub recorded, per 旗县市区 and for the city. Pure:
 * {@link IndicatorData} reads the facts, this class only counts, so the formulas are unit-tested on a hand-built set.
 * The period is [from 00:00, to + 1 day 00:00) in the contracts' zone (Asia/Shanghai).
 */
final class Indicators {

    static final ZoneId ZONE = ZoneId.of("Asia/Shanghai");

    /** A 民初/行初 number the hub received (POST_FILING delegation, NotifyCaseFiled for a delegation or a transfer). */
    record CaseFiled(String number, String regionCode, OffsetDateTime at) {
    }

    /** A court delegation received; {@code accepted}: a mediation body accepted it (AcknowledgeDelegation ACCEPTED). */
    record DelegationReceived(String regionCode, OffsetDateTime at, boolean accepted) {
    }

    /** The result the hub reported for a court delegation: SUCCESS, FAILURE, TIMEOUT (WITHDRAWN is no conclusion). */
    record DelegationResult(String regionCode, OffsetDateTime at, String resultType) {
    }

    /**
     * A dispute that reached a final result. {@code agreement}: its outcome is SUCCESS (an agreement was reached);
     * {@code judicialConfirmation}: a 司法确认 application was submitted for it; {@code performed}: what the follow-up
     * reported (null when no follow-up was reported).
     */
    record Conclusion(String disputeId, String regionCode, OffsetDateTime registeredAt, OffsetDateTime concludedAt,
            boolean agreement, boolean judicialConfirmation, Boolean performed) {
    }

    record Facts(List<CaseFiled> casesFiled, List<DelegationReceived> delegations, List<DelegationResult> results,
            List<Conclusion> conclusions) {
    }

    /** One indicator of one region: value = numerator ÷ denominator (× factor), null when the denominator is zero. */
    record Value(String key, String name, String formula, BigDecimal numerator, String numeratorLabel,
            BigDecimal denominator, String denominatorLabel, BigDecimal value, String unit, String note) {
    }

    record Row(String regionCode, String regionName, long population, String partOf, List<Value> indicators) {
    }

    record Report(LocalDate from, LocalDate to, List<Row> rows, List<String> notes) {
    }

    static final String SOURCE_NOTE = "统计口径：仅统计本平台（通解）自身记录的数据，不含未经平台流转的案件。";
    static final String ZONE_NOTE = "通辽经济技术开发区（150571）单列一行，但其人口与案件同时计入科尔沁区（150502），市合计不重复计算。";
    static final String PERFORMED_NOTE = "回访履行情况目前只有人民调解系统（司法局）通过 FOLLOW_UP 事件报送；其他调解组织的协议视为未回访，不计入分母。";

    private Indicators() {
    }

    static Report compute(Population population, Facts facts, LocalDate from, LocalDate to, String regionFilter) {
        OffsetDateTime start = from.atStartOfDay(ZONE).toOffsetDateTime();
        OffsetDateTime end = to.plusDays(1).atStartOfDay(ZONE).toOffsetDateTime();
        Predicate<OffsetDateTime> inPeriod = t -> t != null && !t.isBefore(start) && t.isBefore(end);

        // one case number counts once, at the first time the hub received it
        Map<String, CaseFiled> firstSeen = new HashMap<>();
        facts.casesFiled().stream().filter(c -> c.number() != null && isFirstInstance(c.number()))
                .sorted(Comparator.comparing(CaseFiled::at))
                .forEach(c -> firstSeen.putIfAbsent(CaseNumbers.normalise(c.number()), c));
        List<CaseFiled> cases = firstSeen.values().stream().filter(c -> inPeriod.test(c.at())).toList();
        List<DelegationReceived> delegations = facts.delegations().stream().filter(d -> inPeriod.test(d.at())).toList();
        List<DelegationResult> results = facts.results().stream().filter(r -> inPeriod.test(r.at()))
                .filter(r -> !"WITHDRAWN".equals(r.resultType())).toList();
        List<Conclusion> concluded = facts.conclusions().stream().filter(c -> inPeriod.test(c.concludedAt())).toList();

        List<Population.Region> shown = new ArrayList<>();
        if (regionFilter == null || regionFilter.equals(population.city().code())) {
            shown.addAll(population.regions());
            shown.add(population.city());
        } else {
            shown.add(population.find(regionFilter));
        }
        List<Row> rows = new ArrayList<>();
        for (Population.Region region : shown) {
            Predicate<String> here = code -> population.contains(region, code);
            rows.add(new Row(region.code(), region.name(), region.population(), region.partOf(), List.of(
                    litigationRate(cases.stream().filter(c -> here.test(c.regionCode())).count(), region.population()),
                    mediationSuccess(results.stream().filter(r -> here.test(r.regionCode())).toList()),
                    delegationAcceptance(delegations.stream().filter(d -> here.test(d.regionCode())).toList()),
                    judicialConfirmation(concluded.stream().filter(c -> here.test(c.regionCode())).toList()),
                    performance(concluded.stream().filter(c -> here.test(c.regionCode())).toList()),
                    meanDays(concluded.stream().filter(c -> here.test(c.regionCode())).toList()))));
        }
        return new Report(from, to, rows, List.of(SOURCE_NOTE, ZONE_NOTE, PERFORMED_NOTE));
    }

    /** 民初 (civil first instance) or 行初 (administrative first instance), e.g. (2026)内0502民初1234号. */
    static boolean isFirstInstance(String number) {
        String n = CaseNumbers.normalise(number);
        return n.contains("民初") || n.contains("行初");
    }

    static Value litigationRate(long cases, long population) {
        return ratio("litigationRate", "万人成讼率",
                "万人成讼率 = 本期一审民事、行政案件立案数（平台收到的民初/行初案号数）÷ 常住人口 × 10000",
                cases, "民初/行初案件数", population, "常住人口（2020年第七次人口普查）", 10_000, 2, "件/万人",
                "no population");
    }

    static Value mediationSuccess(List<DelegationResult> results) {
        long success = results.stream().filter(r -> "SUCCESS".equals(r.resultType())).count();
        return ratio("preLitigationMediationSuccessRate", "诉前调解成功率",
                "诉前调解成功率 = 法院委派/委托调解成功数 ÷ 已办结数（成功 + 不成功 + 期满未结）× 100%",
                success, "调解成功数", results.size(), "已办结的委派/委托调解数", 100, 2, "%",
                "n/a: no court-delegated mediation concluded in the period");
    }

    static Value delegationAcceptance(List<DelegationReceived> delegations) {
        long accepted = delegations.stream().filter(DelegationReceived::accepted).count();
        return ratio("delegationAcceptanceRate", "接收委派调解率",
                "接收委派调解率 = 调解组织接受的委派数 ÷ 收到的法院委派数 × 100%",
                accepted, "调解组织接受数", delegations.size(), "收到的委派数", 100, 2, "%",
                "n/a: no court delegation received in the period");
    }

    static Value judicialConfirmation(List<Conclusion> concluded) {
        List<Conclusion> agreements = concluded.stream().filter(Conclusion::agreement).toList();
        long applied = agreements.stream().filter(Conclusion::judicialConfirmation).count();
        return ratio("judicialConfirmationRate", "司法确认率",
                "司法确认率 = 已申请司法确认的调解协议数 ÷ 达成调解协议数 × 100%",
                applied, "申请司法确认的协议数", agreements.size(), "达成的调解协议数", 100, 2, "%",
                "n/a: no agreement reached in the period");
    }

    static Value performance(List<Conclusion> concluded) {
        List<Conclusion> followedUp = concluded.stream().filter(c -> c.agreement() && c.performed() != null).toList();
        long performed = followedUp.stream().filter(c -> c.performed()).count();
        return ratio("automaticPerformanceRate", "自动履行率",
                "自动履行率 = 回访时已履行的调解协议数 ÷ 已回访的调解协议数 × 100%",
                performed, "回访已履行数", followedUp.size(), "已回访的协议数", 100, 2, "%",
                "n/a: no follow-up reported for an agreement of the period (only the legal-service system reports "
                        + "follow-ups)");
    }

    static Value meanDays(List<Conclusion> concluded) {
        List<Conclusion> timed = concluded.stream().filter(c -> c.registeredAt() != null).toList();
        BigDecimal totalDays = timed.stream()
                .map(c -> BigDecimal.valueOf(Math.max(0, Duration.between(c.registeredAt(), c.concludedAt()).toMinutes()))
                        .divide(BigDecimal.valueOf(24 * 60), 6, RoundingMode.HALF_UP))
                .reduce(BigDecimal.ZERO, BigDecimal::add);
        BigDecimal count = BigDecimal.valueOf(timed.size());
        BigDecimal value = timed.isEmpty() ? null : totalDays.divide(count, 2, RoundingMode.HALF_UP);
        return new Value("meanResolutionDays", "平均化解时长",
                "平均化解时长 = Σ（办结时间 − 登记时间）（天）÷ 本期办结的纠纷数",
                totalDays.setScale(2, RoundingMode.HALF_UP), "化解天数合计", count, "办结纠纷数", value, "天",
                value == null ? "n/a: no dispute concluded in the period" : null);
    }

    private static Value ratio(String key, String name, String formula, long numerator, String numeratorLabel,
            long denominator, String denominatorLabel, int factor, int scale, String unit, String naReason) {
        BigDecimal value = denominator == 0 ? null : BigDecimal.valueOf(numerator).multiply(BigDecimal.valueOf(factor))
                .divide(BigDecimal.valueOf(denominator), scale, RoundingMode.HALF_UP);
        return new Value(key, name, formula, BigDecimal.valueOf(numerator), numeratorLabel,
                BigDecimal.valueOf(denominator), denominatorLabel, value, unit, value == null ? naReason : null);
    }
}
