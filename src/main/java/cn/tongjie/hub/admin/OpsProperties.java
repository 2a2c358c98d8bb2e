package cn.tongjie.hub.admin;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * Health and metrics of the agency links ({@code tongjie.ops}).
 *
 * @param downAfterAttempts a link is DOWN when a message waiting for it has failed this many times in a row
 * @param degradedBacklog   a link is DEGRADED when more messages than this wait for it
 * @param policeLagDegraded police consumer lag age that makes the police link DEGRADED
 * @param policeLagDown     police consumer lag age that makes it DOWN (contract §2.1: alert at 24 h, data kept 7 days)
 * @param metricsRefresh    how long the store-derived gauges are cached, so a Prometheus scrape costs one query round
 */
@ConfigurationProperties(prefix = "tongjie.ops")
record OpsProperties(Integer downAfterAttempts, Integer degradedBacklog, Duration policeLagDegraded,
        Duration policeLagDown, Duration metricsRefresh) {

    OpsProperties {
        downAfterAttempts = downAfterAttempts == null ? 5 : downAfterAttempts;
        degradedBacklog = degradedBacklog == null ? 100 : degradedBacklog;
        policeLagDegraded = policeLagDegraded == null ? Duration.ofHours(1) : policeLagDegraded;
        policeLagDown = policeLagDown == null ? Duration.ofHours(24) : policeLagDown;
        metricsRefresh = metricsRefresh == null ? Duration.ofSeconds(10) : metricsRefresh;
    }
}
