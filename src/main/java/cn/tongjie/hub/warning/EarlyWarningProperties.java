package cn.tongjie.hub.warning;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * Early warning of mass disputes (docs/early-warning.md). The thresholds themselves are in the rules file an
 * administrator edits ({@link EarlyWarningRules}); these are the operational settings.
 *
 * @param enabled       consume the canonical stream and evaluate the rules at all
 * @param rulesLocation the rules file (config/early-warning.yaml), re-read when it changes; falls back to the jar copy
 * @param topic         Kafka topic the alerts are published on (CloudEvents, key = alertId)
 * @param processedRetention how long processed event ids are kept for the idempotent consumer (longer than the
 *                      canonical topic's retention, so a redelivered event is always recognised)
 * @param webhook       where raised alerts are POSTed for the political-legal committee
 */
@ConfigurationProperties(prefix = "tongjie.early-warning")
record EarlyWarningProperties(boolean enabled, String rulesLocation, String topic, Duration processedRetention,
        Webhook webhook) {

    /**
     * @param url                 POST target; empty = no webhook (alerts are still stored, listed and published)
     * @param token               sent as {@code Authorization: Bearer} when set
     * @param timeout             per request
     * @param retryInitial        first back-off after a failed POST; doubles per attempt
     * @param retryMax            longest back-off
     * @param maxAttempts         attempts before the POST is given up (an ERROR alert says so)
     * @param alertAfterAttempts  failed attempts after which a WARN alert tells operators it is still retrying
     * @param pollInterval        how often due POSTs are looked for
     */
    record Webhook(String url, String token, Duration timeout, Duration retryInitial, Duration retryMax,
            int maxAttempts, int alertAfterAttempts, Duration pollInterval) {

        boolean configured() {
            return url != null && !url.isBlank();
        }
    }
}
