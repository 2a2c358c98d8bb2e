package cn.tongjie.hub.simulator;

import cn.tongjie.hub.simulator.legal.LegalServiceSimulator;
import cn.tongjie.hub.simulator.police.PoliceSimulator;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.web.context.WebServerInitializedEvent;
import org.springframework.context.ApplicationListener;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Simulated agency systems for demo mode (and the tests): each one runs on its own port or Kafka client, talks to the
 * hub only through its contract, and is off unless {@code tongjie.simulators.*.enabled}.
 */
@Configuration(proxyBeanMethods = false)
class SimulatorConfig {

    @Bean(initMethod = "start", destroyMethod = "stop")
    @ConditionalOnProperty(name = "tongjie.simulators.legal-service.enabled", havingValue = "true")
    LegalServiceSimulator legalServiceSimulator(Clock clock, ObjectMapper mapper,
            @Value("${tongjie.simulators.legal-service.port:8091}") int port,
            @Value("${tongjie.simulators.legal-service.accept-delay:3s}") Duration acceptDelay,
            @Value("${tongjie.simulators.legal-service.conclude-delay:20s}") Duration concludeDelay,
            @Value("${tongjie.simulators.legal-service.success-probability:0.8}") double success,
            @Value("${tongjie.simulators.legal-service.decline-probability:0.1}") double decline,
            @Value("${tongjie.simulators.legal-service.maintenance-probability:0.05}") double maintenance,
            @Value("${tongjie.simulators.legal-service.auto-lifecycle:true}") boolean auto,
            @Value("${tongjie.legal-service.outbound-token}") String tokenTheHubSends,
            @Value("${tongjie.legal-service.inbound-tokens}") String tokensTheHubAccepts,
            @Value("${server.port:8080}") int hubPort) {
        LegalServiceSimulator.Settings s = LegalServiceSimulator.Settings.defaults()
                .withPort(port)
                .withAcceptedTokens(List.of(tokenTheHubSends))
                .withHubToken(tokensTheHubAccepts.split(",")[0].trim())
                .withHubEventsUrl("http://127.0.0.1:" + hubPort + "/api/legal-service/v1/events")
                .withDelays(acceptDelay, Duration.ofSeconds(1), concludeDelay, Duration.ofSeconds(5))
                .withOutcomeProbabilities(success, decline, 0.8, 0.9)
                .withMaintenance(maintenance, Duration.ofSeconds(5))
                // demo/test scale: the contract's 1 min … 24 h schedule in seconds
                .withRetrySchedule(List.of(Duration.ofSeconds(1), Duration.ofSeconds(5), Duration.ofSeconds(30),
                        Duration.ofMinutes(2)))
                .withAutoLifecycle(auto);
        return new LegalServiceSimulator(s, clock, mapper);
    }

    /** With a random HTTP port (tests) the simulator learns the hub's callback URL once the server is up. */
    @Bean
    ApplicationListener<WebServerInitializedEvent> legalSimulatorCallbackUrl(
            ObjectProvider<LegalServiceSimulator> simulator) {
        return event -> simulator.ifAvailable(sim -> sim.setHubEventsUrl(
                "http://127.0.0.1:" + event.getWebServer().getPort() + "/api/legal-service/v1/events"));
    }

    @Bean(initMethod = "start", destroyMethod = "close")
    @ConditionalOnProperty(name = "tongjie.simulators.police.enabled", havingValue = "true")
    PoliceSimulator policeSimulator(Clock clock, ObjectMapper mapper,
            @Value("${tongjie.police.brokers}") String brokers,
            @Value("${tongjie.police.handover-topic}") String handoverTopic,
            @Value("${tongjie.police.feedback-topic}") String feedbackTopic,
            @Value("${tongjie.simulators.police.interval:4s}") Duration interval) {
        return new PoliceSimulator(brokers, handoverTopic, feedbackTopic, interval, clock, mapper);
    }
}
