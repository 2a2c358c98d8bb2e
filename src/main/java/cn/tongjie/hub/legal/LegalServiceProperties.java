package cn.tongjie.hub.legal;

import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * Legal-service connector settings (application.yml {@code tongjie.legal-service}).
 *
 * @param baseUrl              {legalBase} of the contract
 * @param outboundToken        bearer token the 司法局 issued to the hub (hub → legal, §4)
 * @param inboundTokens        comma-separated tokens the hub accepts on its callback (two during a rotation, §4)
 * @param connectTimeout       §8: 5 s
 * @param readTimeout          §8: 20 s
 * @param retryInitial         §8: first back-off (1 min), doubling
 * @param retryMax             §8: back-off cap (1 h)
 * @param retryGiveUpAfter     §8: retry for up to 7 days, then the assignment is FAILED and an operator alerted
 * @param pollInterval         how often the delivery worker looks for due assignments
 * @param defaultMediationDays §9: hub default dueDate for ordinary 人民调解
 * @param concurrency          createCase calls in flight at once (one after the other made the legal-service hop the
 *                             hub's longest queue under load, docs/benchmarks.md); at least 1
 */
@ConfigurationProperties(prefix = "tongjie.legal-service")
record LegalServiceProperties(String baseUrl, String outboundToken, String inboundTokens, Duration connectTimeout,
        Duration readTimeout, Duration retryInitial, Duration retryMax, Duration retryGiveUpAfter,
        Duration pollInterval, int defaultMediationDays, int concurrency) {

    List<String> inboundTokenList() {
        if (inboundTokens == null || inboundTokens.isBlank()) {
            return List.of();
        }
        return Arrays.stream(inboundTokens.split(",")).map(String::trim).filter(s -> !s.isEmpty()).toList();
    }
}
