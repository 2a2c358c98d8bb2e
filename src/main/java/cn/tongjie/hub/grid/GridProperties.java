package cn.tongjie.hub.grid;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Grid connector settings (prefix {@code tongjie.grid}); contract connectors/grid/CONTRACT.md.
 *
 * @param inboundAppKey        §4 appKey the hub issued to the grid platform (grid → hub)
 * @param inboundAppSecret     §4 appSecret of that appKey (from the environment)
 * @param outboundAppKey       §4 appKey the 综治中心 issued to the hub (hub → grid)
 * @param outboundAppSecret    §4 appSecret of the hub's appKey (from the environment)
 * @param baseUrl              {gridBase}, including its path prefix (§2), without a trailing slash
 * @param clockSkew            §4 accepted |now − X-Timestamp|
 * @param nonceTtl             §4 how long a nonce stays "seen"
 * @param connectTimeout       §7 hub → grid connect time-out
 * @param readTimeout          §7 hub → grid read time-out
 * @param retryInitial         §7 first back-off of a failed status update (doubles each time)
 * @param retryMax             §7 longest back-off
 * @param retryFor             §7 how long a status update is retried before it is given up with an alert
 * @param pollInterval         how often the status sender looks for due updates (new ones also wake it at once)
 * @param receivedWithin       §8 "received" must reach the platform this long after the push
 * @param handledWithin        §8 assigned/resolved/escalated this long after reported_at
 * @param handledWithinUrgent  §8 the same for urgency 3
 * @param openLimit            §8 events open longer are listed 超期 by the platform
 * @param deadlineCheckInterval how often the §8 time limits are checked
 */
@ConfigurationProperties(prefix = "tongjie.grid")
record GridProperties(
        String inboundAppKey,
        String inboundAppSecret,
        String outboundAppKey,
        String outboundAppSecret,
        String baseUrl,
        @DefaultValue("300s") Duration clockSkew,
        @DefaultValue("600s") Duration nonceTtl,
        @DefaultValue("5s") Duration connectTimeout,
        @DefaultValue("10s") Duration readTimeout,
        @DefaultValue("10s") Duration retryInitial,
        @DefaultValue("10m") Duration retryMax,
        @DefaultValue("72h") Duration retryFor,
        @DefaultValue("1s") Duration pollInterval,
        @DefaultValue("10m") Duration receivedWithin,
        @DefaultValue("24h") Duration handledWithin,
        @DefaultValue("2h") Duration handledWithinUrgent,
        @DefaultValue("30d") Duration openLimit,
        @DefaultValue("1m") Duration deadlineCheckInterval) {
}
