package cn.tongjie.hub.simulator.tradeunion;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** The union's SFTP server in demo and test mode ({@code tongjie.simulators.trade-union.enabled}). */
@Configuration(proxyBeanMethods = false)
class UnionSimulatorConfig {

    @Bean(destroyMethod = "stop")
    @ConditionalOnProperty(name = "tongjie.simulators.trade-union.enabled", havingValue = "true")
    UnionSftpServer unionSftpServer(@Value("${tongjie.simulators.trade-union.port}") int port,
            @Value("${tongjie.simulators.trade-union.username}") String user,
            @Value("${tongjie.simulators.trade-union.password}") String password) {
        return UnionSftpServer.start(port, user, password);
    }
}
