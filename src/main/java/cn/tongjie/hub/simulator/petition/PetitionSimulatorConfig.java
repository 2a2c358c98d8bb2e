package cn.tongjie.hub.simulator.petition;

import java.time.Clock;
import java.time.Duration;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.Ordered;

/**
 * The simulated 信访信息系统 (demo and tests): its feedback endpoint on the hub's own port under
 * /services/sim/petition/xfpt — the /xfpt prefix makes the hub sign a base URL with a path prefix, as §4.5 example B.
 */
@Configuration(proxyBeanMethods = false)
@ConditionalOnProperty(name = "tongjie.simulators.petition.enabled", havingValue = "true")
class PetitionSimulatorConfig {

    static final String FEEDBACK_PATH = "/services/sim/petition/xfpt/xf/api/v1/feedback";
    /** §5.5 attachment downloads: {petitionBase}/xf/api/v1/files/{id}. */
    static final String FILES_PATH = "/services/sim/petition/xfpt/xf/api/v1/files/";

    @Bean
    PetitionSystemSimulator petitionSystemSimulator(Clock clock,
            @Value("${tongjie.simulators.petition.hub-app-key}") String hubAppKey,
            @Value("${tongjie.simulators.petition.hub-app-secret}") String hubAppSecret,
            @Value("${tongjie.simulators.petition.app-key}") String appKey,
            @Value("${tongjie.simulators.petition.app-secret}") String appSecret) {
        return new PetitionSystemSimulator(clock, hubAppKey, hubAppSecret, appKey, appSecret);
    }

    @Bean
    FilterRegistrationBean<PetitionSimulatorFilter> petitionSimulatorFilter(PetitionSystemSimulator simulator) {
        FilterRegistrationBean<PetitionSimulatorFilter> r = new FilterRegistrationBean<>(
                new PetitionSimulatorFilter(simulator));
        r.addUrlPatterns("/services/sim/petition/*");
        r.setOrder(Ordered.LOWEST_PRECEDENCE - 10); // after Spring Security, before the CXF servlet owning /services
        return r;
    }

    @Bean(destroyMethod = "stop")
    @ConditionalOnProperty(name = "tongjie.simulators.petition.auto-push", havingValue = "true")
    PetitionDemoDriver petitionDemoDriver(PetitionSystemSimulator simulator, Clock clock,
            @Value("${tongjie.simulators.petition.interval:30s}") Duration interval) {
        return new PetitionDemoDriver(simulator, clock, interval);
    }
}
