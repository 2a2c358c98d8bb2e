package cn.tongjie.hub.tradeunion;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * Trade-union file exchange (connectors/trade-union/CONTRACT.md).
 *
 * @param enabled          run the referral and result routes at all
 * @param host             union SFTP host (§2)
 * @param port             union SFTP port (§2: 22)
 * @param username         SFTP account (§2: tongjie)
 * @param privateKeyFile   ed25519 private key registered with the union (production authentication, §2)
 * @param password         password authentication, only for the embedded test/demo server
 * @param knownHostsFile   known_hosts with the union's pinned host key (§2)
 * @param pinHostKey       refuse unknown host keys (true in production; the embedded server's key is ephemeral)
 * @param referralInterval how often due referrals are written and pending uploads retried (§5: at least every 30 min)
 * @param resultInterval   how often from-union/ is polled (§7.1: 1–15 min, default 5)
 * @param deadlineInterval how often the §8 time limits (result 期限 + 3 days, pickup after 2 working days) are checked
 */
@ConfigurationProperties(prefix = "tongjie.trade-union")
record TradeUnionProperties(boolean enabled, String host, int port, String username, String privateKeyFile,
        String password, String knownHostsFile, boolean pinHostKey, Duration referralInterval,
        Duration resultInterval, Duration deadlineInterval) {

    String sftpBase() {
        return "sftp://" + username + "@" + host + ":" + port;
    }

    /** Camel sftp endpoint options for authentication and host-key pinning. */
    String sftpOptions() {
        StringBuilder o = new StringBuilder("connectTimeout=10000&useUserKnownHostsFile=false");
        if (privateKeyFile != null && !privateKeyFile.isBlank()) {
            o.append("&privateKeyFile=").append(privateKeyFile);
        }
        if (password != null && !password.isBlank()) {
            o.append("&password=RAW(").append(password).append(')');
        }
        if (pinHostKey) {
            o.append("&strictHostKeyChecking=yes&knownHostsFile=").append(knownHostsFile);
        } else {
            o.append("&strictHostKeyChecking=no");
        }
        return o.toString();
    }
}
