package cn.tongjie.hub.womensfederation;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * Women's-federation connector settings (application.yml {@code tongjie.womens-federation}).
 *
 * @param baseUrl            {wfBase} of the contract (§2)
 * @param outboundToken      X-WF-Token the federation issued to the hub (hub → wf, §3)
 * @param inboundToken       X-WF-Token the hub issued to the federation (wf → hub, §3)
 * @param retryInitial       §8: first back-off (30 s), doubling
 * @param retryMax           §8: back-off cap (15 min)
 * @param retryGiveUpAfter   §8: retry for 72 h, then the assignment is FAILED and an operator alerted
 * @param pollInterval       how often the delivery worker looks for due referrals
 * @param normalDueDays      §9: hub default result limit for normal referrals (1–60 days; contract default 30)
 * @param urgentDueHours     §9: result limit for urgent referrals (≤ 72 h)
 * @param resultClockSkew    §7: closed_at may be at most this far after the hub clock (5 min)
 * @param readTimeout        §8: hub → wf read time-out (15 s; the shared HTTP client's 20 s is legal-service's); a
 *                           time-out is retried like a 5xx
 */
@ConfigurationProperties(prefix = "tongjie.womens-federation")
record WomensFederationProperties(String baseUrl, String outboundToken, String inboundToken, Duration retryInitial,
        Duration retryMax, Duration retryGiveUpAfter, Duration pollInterval, int normalDueDays, int urgentDueHours,
        Duration resultClockSkew, Duration readTimeout) {
}
