package cn.tongjie.hub.court;

import cn.tongjie.hub.common.ErrorCode;
import cn.tongjie.hub.common.HubException;
import java.util.Map;
import java.util.Optional;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * Court docking settings shared by the whole court connector (application.yml {@code tongjie.court}).
 *
 * @param enabled whether the CourtDocking endpoint and the court outbox run at all
 * @param courts  one entry per court, keyed by the digits of its court code ({@code "0502"} for 内0502)
 */
@ConfigurationProperties(prefix = "tongjie.court")
public record CourtProperties(boolean enabled, Map<String, Court> courts) {

    /**
     * One court's credentials and address (contract §4, §3).
     *
     * @param inboundPassword password the hub's operators issued to this court (court → hub); recoverable, because a
     *                        PasswordDigest can only be verified with the clear password
     * @param hubPassword     password this court's platform issued to the hub (hub → court, username tongjie-hub)
     * @param baseUrl         {courtBase}; the hub posts to {courtBase}/intake
     */
    public record Court(String inboundPassword, String hubPassword, String baseUrl) {
    }

    public CourtProperties {
        courts = courts == null ? Map.of() : Map.copyOf(courts);
    }

    /** 内0502 → 0502. */
    public static String digits(String courtCode) {
        return courtCode.startsWith("内") ? courtCode.substring(1) : courtCode;
    }

    /** court-0502 → 内0502, or empty for a username that is not a court's. */
    public static Optional<String> courtOfUsername(String username) {
        if (username == null || !username.matches("court-05([0-9]{2})?")) {
            return Optional.empty();
        }
        return Optional.of("内" + username.substring("court-".length()));
    }

    public Optional<Court> court(String courtCode) {
        return Optional.ofNullable(courts.get(digits(courtCode)));
    }

    /** The configured court, or a configuration error naming the missing key. */
    public Court require(String courtCode) {
        return court(courtCode).orElseThrow(() -> new HubException(ErrorCode.TJ_CONFIG_INVALID,
                "tongjie.court.courts." + digits(courtCode) + " is not configured"));
    }
}
