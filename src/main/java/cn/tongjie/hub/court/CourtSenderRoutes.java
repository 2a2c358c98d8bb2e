package cn.tongjie.hub.court;

import org.apache.camel.LoggingLevel;
import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.builder.RouteConfigurationBuilder;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The court sender's timer: the safety net behind the after-commit wake-up (rows whose back-off ended, leases of a
 * crashed node that expired, the end of the maintenance window).
 */
@Configuration(proxyBeanMethods = false)
@ConditionalOnProperty(name = "tongjie.court.enabled", havingValue = "true", matchIfMissing = true)
class CourtSenderRoutes {

    @Bean
    RouteConfigurationBuilder courtOutboundErrors() {
        return new RouteConfigurationBuilder() {
            @Override
            public void configuration() {
                // a failed round changes nothing in the store; the next tick retries, so log and carry on
                routeConfiguration("court-outbound-errors")
                        .onException(Exception.class).handled(true)
                        .log(LoggingLevel.WARN, "cn.tongjie.hub.court.CourtSender",
                                "Court outbound round failed: ${exception.class.simpleName} ${exception.message}");
            }
        };
    }

    @Bean
    RouteBuilder courtOutboundRoutes(CourtOutboundProperties cfg) {
        return new RouteBuilder() {
            @Override
            public void configure() {
                from("timer:court-outbound-poll?delay=2000&period=" + cfg.pollInterval().toMillis())
                        .routeId("court-outbound-poll")
                        .routeConfigurationId("court-outbound-errors")
                        .bean("courtSender", "sendDue").id("court-outbound-send-due");
            }
        };
    }
}
