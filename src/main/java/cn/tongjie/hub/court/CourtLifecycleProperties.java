package cn.tongjie.hub.court;

import cn.tongjie.hub.common.ErrorCode;
import cn.tongjie.hub.common.HubException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * How the hub keeps its promises to the court (application.yml {@code tongjie.court.lifecycle}; rules in
 * docs/court-mapping.md).
 *
 * @param ackLimit                       contract §8.1: acknowledge within 72 h after the DelegateMediation receipt
 * @param ackFallbackMargin              at ackLimit minus this margin an accepted delegation without a named mediator
 *                                       is acknowledged with the fallback mediator (suggested / default / body name)
 * @param ackOnAcceptanceAgencies        agencies whose acceptance alone triggers the acknowledgement (their systems
 *                                       name no mediator); every other agency's is sent once a mediator is named
 * @param dueWarningLead                 warn operators this long before the effective dueAt (once per dueAt)
 * @param timeoutGrace                   TIMEOUT is queued this long after dueAt, so a result concluded in time but
 *                                       reported a little late still goes out as that result (must be well below 24 h)
 * @param timeoutRiskAfter               alert when a TIMEOUT is still not accepted by the court this long after dueAt
 * @param schedulerPeriod                how often the deadline scheduler runs its pass
 * @param batchSize                      at most this many delegations per check in one scheduler pass
 * @param willApplyJudicialConfirmation  agreement/willApplyJudicialConfirmation of a LEGACY_PREFILING SUCCESS
 *                                       (POST_FILING is always false: the judge issues a 调解书, §8.2)
 * @param bodies                         per mediation body code (committee code): how the court sees it
 */
@ConfigurationProperties(prefix = "tongjie.court.lifecycle")
public record CourtLifecycleProperties(Duration ackLimit, Duration ackFallbackMargin,
        List<String> ackOnAcceptanceAgencies, Duration dueWarningLead, Duration timeoutGrace,
        Duration timeoutRiskAfter, Duration schedulerPeriod, Integer batchSize, Boolean willApplyJudicialConfirmation,
        Map<String, Body> bodies) {

    /**
     * One mediation body as the court must see it (contract §6.6).
     *
     * @param orgType         MediationOrgType (PEOPLES_MEDIATION, INDUSTRY_MEDIATION, TRADE_UNION, ...); derived
     *                        from the code (TW → PEOPLES_MEDIATION, HY → INDUSTRY_MEDIATION) when absent
     * @param regionCode      6- or 9-digit area code; derived from a TW/HY code when absent
     * @param rosterCode      court_roster_code (connectors/common/mediation-orgs.csv): sent as orgCode only to the
     *                        court whose roster it is (TY0502-… → 内0502)
     * @param defaultMediator mediator of record when the body named none in time
     */
    public record Body(String orgType, String regionCode, String rosterCode, String defaultMediator) {
    }

    public CourtLifecycleProperties {
        ackLimit = ackLimit == null ? Duration.ofHours(72) : ackLimit;
        ackFallbackMargin = ackFallbackMargin == null ? Duration.ofHours(12) : ackFallbackMargin;
        ackOnAcceptanceAgencies = ackOnAcceptanceAgencies == null ? List.of("trade-union", "womens-federation")
                : List.copyOf(ackOnAcceptanceAgencies);
        dueWarningLead = dueWarningLead == null ? Duration.ofHours(48) : dueWarningLead;
        timeoutGrace = timeoutGrace == null ? Duration.ofMinutes(60) : timeoutGrace;
        timeoutRiskAfter = timeoutRiskAfter == null ? Duration.ofHours(20) : timeoutRiskAfter;
        schedulerPeriod = schedulerPeriod == null ? Duration.ofSeconds(60) : schedulerPeriod;
        batchSize = batchSize == null ? 200 : batchSize;
        willApplyJudicialConfirmation = willApplyJudicialConfirmation == null || willApplyJudicialConfirmation;
        bodies = bodies == null ? Map.of() : Map.copyOf(bodies);
        if (ackFallbackMargin.compareTo(ackLimit) >= 0) {
            throw new HubException(ErrorCode.TJ_CONFIG_INVALID,
                    "tongjie.court.lifecycle.ack-fallback-margin must be shorter than ack-limit");
        }
        // The TIMEOUT window is (dueAt, dueAt + 24 h] and the sender may hold it through the 1-hour maintenance window.
        if (timeoutGrace.isNegative() || timeoutGrace.compareTo(Duration.ofHours(12)) > 0) {
            throw new HubException(ErrorCode.TJ_CONFIG_INVALID,
                    "tongjie.court.lifecycle.timeout-grace must be between 0 and 12 h");
        }
    }

    public Optional<Body> body(String code) {
        return code == null ? Optional.empty() : Optional.ofNullable(bodies.get(code));
    }

    /** When an accepted delegation without a named mediator is acknowledged with the fallback mediator. */
    public Duration ackFallbackAfter() {
        return ackLimit.minus(ackFallbackMargin);
    }
}
