package cn.tongjie.hub.police;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * Police connector settings (application.yml {@code tongjie.police}).
 *
 * @param brokers           bootstrap servers of the police exchange cluster (police §2)
 * @param handoverTopic     topic the police produce handovers to (§2.1)
 * @param feedbackTopic     topic the hub produces feedback to (§2.1)
 * @param groupId           consumer group the police ACL grants (§2)
 * @param consumers         consumer threads; one per partition of the handover topic
 * @param securityProtocol  PLAINTEXT locally, SASL_SSL on the police cluster
 * @param saslMechanism     SCRAM-SHA-512 per §2
 * @param saslJaasConfig    JAAS line with the hub's SCRAM credentials, from the environment
 */
@ConfigurationProperties(prefix = "tongjie.police")
record PoliceProperties(String brokers, String handoverTopic, String feedbackTopic, String groupId, int consumers,
        String securityProtocol, String saslMechanism, String saslJaasConfig) {

    /** Kafka endpoint options for the police cluster (security only when configured). */
    String endpointSecurity() {
        if (saslJaasConfig == null || saslJaasConfig.isBlank()) {
            return "&securityProtocol=" + securityProtocol;
        }
        return "&securityProtocol=" + securityProtocol + "&saslMechanism=" + saslMechanism
                + "&saslJaasConfig=RAW(" + saslJaasConfig + ")";
    }
}
