package cn.tongjie.hub.it;

import org.junit.jupiter.api.BeforeEach;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;

/** What every {@link HubIT} test needs: the running hub's store, port and broker, and an empty registry per test. */
public abstract class HubITSupport {

    @Autowired
    protected JdbcClient jdbc;
    @LocalServerPort
    protected int port;
    @Value("${tongjie.kafka.brokers}")
    protected String brokers;
    protected HubFixture hub;

    @Autowired
    protected java.time.Clock clock;
    @Autowired
    org.springframework.beans.factory.ObjectProvider<cn.tongjie.hub.simulator.tradeunion.UnionSftpServer> unionServer;

    @BeforeEach
    void resetHub() {
        // every test starts at the profile's clock (tongjie.clock.start + elapsed), whatever an earlier test replayed
        ((cn.tongjie.hub.infra.HubClock) clock).reset();
        hub = new HubFixture(jdbc, port, brokers);
        hub.resetStore();
        // the union's SFTP directories outlive the store: an archived LDZY file of an earlier test with the same name
        // would count as this test's referral already picked up
        unionServer.ifAvailable(server -> HubFixture.emptyFiles(server.root()));
    }
}
