package cn.tongjie.hub.petition;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * Petition connector settings (application.yml {@code tongjie.petition}).
 *
 * @param inboundAppKey     appKey the hub operator issued to the petition system (contract §4, petition → hub)
 * @param inboundAppSecret  its appSecret; the HMAC key is the UTF-8 bytes of this string as written
 * @param inboundPath       PATH the petition system signs (§4.2): the hub's external path, also behind a proxy
 * @param outboundAppKey    appKey the 信访局 issued to the hub (hub → petition)
 * @param outboundAppSecret its appSecret
 * @param baseUrl           {petitionBase}, may carry a path prefix (§2); feedback goes to baseUrl + /xf/api/v1/feedback
 * @param pollInterval      how often the feedback sender looks for due feedback
 * @param deadlineCheck     how often the §8 deadline watch runs
 * @param attachmentsDir    where fetched attachments (§5.5) are kept, one folder per xfjbh
 * @param attachmentPoll    how often new attachments are looked for and due downloads tried
 */
@ConfigurationProperties(prefix = "tongjie.petition")
record PetitionProperties(String inboundAppKey, String inboundAppSecret, String inboundPath, String outboundAppKey,
        String outboundAppSecret, String baseUrl, Duration pollInterval, Duration deadlineCheck, String attachmentsDir,
        Duration attachmentPoll) {
}
