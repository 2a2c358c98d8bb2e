package cn.tongjie.hub.simulator.tradeunion;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.util.Map;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.env.EnvironmentPostProcessor;
import org.springframework.core.Ordered;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.MapPropertySource;

/**
 * {@code tongjie.simulators.trade-union.port: 0} (tests) means "a free port": it is chosen once, before any bean
 * exists, so the simulated server and the hub's {@code tongjie.trade-union.port} name the same number.
 */
class UnionSftpPort implements EnvironmentPostProcessor, Ordered {

    @Override
    public void postProcessEnvironment(ConfigurableEnvironment env, SpringApplication app) {
        if (!"true".equals(env.getProperty("tongjie.simulators.trade-union.enabled"))
                || !"0".equals(env.getProperty("tongjie.simulators.trade-union.port"))) {
            return;
        }
        int port;
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        env.getPropertySources().addFirst(new MapPropertySource("union-sftp-simulator-port", Map.of(
                "tongjie.simulators.trade-union.port", port, "tongjie.trade-union.port", port)));
    }

    @Override
    public int getOrder() {
        return Ordered.LOWEST_PRECEDENCE;
    }
}
