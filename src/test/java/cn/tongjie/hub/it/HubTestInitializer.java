package cn.tongjie.hub.it;

import java.io.IOException;
import java.net.ServerSocket;
import cn.tongjie.hub.infra.EmbeddedKafkaBroker;
import org.springframework.boot.test.util.TestPropertyValues;
import org.springframework.context.ApplicationListener;
import org.springframework.context.event.ContextClosedEvent;
import org.springframework.context.ApplicationContextInitializer;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * Wires a test context to the shared test broker, its own database, its own HTTP port and its own legal-service
 * simulator port.
 */
public class HubTestInitializer implements ApplicationContextInitializer<ConfigurableApplicationContext> {

    @Override
    public void initialize(ConfigurableApplicationContext ctx) {
        int simPort = freePort();
        // A fixed free port instead of 0: the simulated courts' base-url (…:${server.port}/services/sim/court/…) must
        // name the hub's real port before the server starts; @LocalServerPort still reports it.
        int hubPort = freePort();
        EmbeddedKafkaBroker broker = TestKafka.start();
        ctx.addApplicationListener((ApplicationListener<ContextClosedEvent>) e -> broker.close());
        TestPropertyValues.of(
                "tongjie.kafka.brokers=" + broker.bootstrapServers(),
                "spring.datasource.url=" + TestDatabase.freshUrl("it"),
                "spring.datasource.username=" + (TestDatabase.postgres() ? "postgres" : "sa"),
                "server.port=" + hubPort,
                "tongjie.simulators.legal-service.port=" + simPort,
                "tongjie.legal-service.base-url=http://127.0.0.1:" + simPort).applyTo(ctx);
    }

    static int freePort() {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        } catch (IOException e) {
            throw new AssertionError(e);
        }
    }
}
