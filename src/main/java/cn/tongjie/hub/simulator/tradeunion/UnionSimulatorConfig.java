package cn.tongjie.hub.simulator.tradeunion;

import java.time.Clock;
import java.time.Duration;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The union's SFTP server and its desktop system in demo and test mode ({@code tongjie.simulators.trade-union.enabled});
 * the union clerk's timer only with {@code tongjie.simulators.trade-union.auto} (demo).
 */
@Configuration(proxyBeanMethods = false)
@ConditionalOnProperty(name = "tongjie.simulators.trade-union.enabled", havingValue = "true")
class UnionSimulatorConfig {

    @Bean(destroyMethod = "stop")
    UnionSftpServer unionSftpServer(@Value("${tongjie.simulators.trade-union.port}") int port,
            @Value("${tongjie.simulators.trade-union.username}") String user,
            @Value("${tongjie.simulators.trade-union.password}") String password) {
        return UnionSftpServer.start(port, user, password);
    }

    @Bean
    UnionSystemSimulator unionSystemSimulator(UnionSftpServer server, Clock clock) {
        return new UnionSystemSimulator(server, clock);
    }

    @Bean(destroyMethod = "stop")
    @ConditionalOnProperty(name = "tongjie.simulators.trade-union.auto", havingValue = "true")
    UnionDemoDriver unionDemoDriver(UnionSystemSimulator simulator,
            @Value("${tongjie.simulators.trade-union.import-interval:60s}") Duration interval,
            @Value("${tongjie.simulators.trade-union.result-delay:3m}") Duration resultDelay) {
        return new UnionDemoDriver(simulator, interval, resultDelay);
    }
}
