package cn.tongjie.hub.canonical;

import static org.assertj.core.api.Assertions.assertThat;

import cn.tongjie.hub.common.ErrorCode;
import cn.tongjie.hub.common.HubException;
import cn.tongjie.hub.infra.KafkaSupport;
import cn.tongjie.hub.registry.QuarantineEntry;
import cn.tongjie.hub.registry.QuarantineReplayer.Replayed;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.apache.camel.CamelContext;
import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.component.kafka.KafkaConstants;
import org.apache.camel.impl.DefaultCamelContext;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.jdbc.datasource.SimpleDriverDataSource;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * A quarantined canonical event is replayed through the steps of the consumer route that quarantined it (a plain
 * Camel context and an in-memory database stand in for the hub): processed once, with the record's key; a step that
 * still fails comes back as refused without its message, its database work undone and nothing quarantined again.
 */
class CanonicalQuarantineReplayTest {

    private CamelContext camel;
    private JdbcClient jdbc;
    private TransactionTemplate tx;
    private CanonicalQuarantineReplay replay;
    private final List<String> seen = new ArrayList<>();
    private final List<String> errorHandled = new ArrayList<>();

    @BeforeEach
    void setUp() throws Exception {
        SimpleDriverDataSource ds = new SimpleDriverDataSource(new org.h2.Driver(),
                "jdbc:h2:mem:replay-" + System.nanoTime() + ";DB_CLOSE_DELAY=-1", "sa", "");
        jdbc = JdbcClient.create(ds);
        jdbc.sql("create table reacted (body varchar(200))").update();
        DataSourceTransactionManager transactions = new DataSourceTransactionManager(ds);
        tx = new TransactionTemplate(transactions);
        camel = new DefaultCamelContext();
        camel.addRoutes(new RouteBuilder() {
            @Override
            public void configure() {
                // stands in for CanonicalConsumerErrors: a replay must never get here
                onException(Exception.class).handled(true).process(e -> errorHandled.add("quarantined again"));
                from("direct:canonical").routeId("reactor")
                        .process(e -> {
                            String body = e.getIn().getBody(String.class);
                            seen.add(body + " key=" + e.getIn().getHeader(KafkaConstants.KEY));
                            jdbc.sql("insert into reacted (body) values (:b)").param("b", body).update();
                            if (body.contains("poison")) {
                                throw new HubException(ErrorCode.TJ_INBOUND_INVALID, "bad event for 张三");
                            }
                        }).id("reactor-react")
                        .process(KafkaSupport::commit).id("reactor-commit-offset");
            }
        });
        camel.start();
        replay = new CanonicalQuarantineReplay(camel, transactions);
    }

    @AfterEach
    void tearDown() throws Exception {
        camel.close();
    }

    private static QuarantineEntry entry(String source) {
        return new QuarantineEntry(7L, "hub", source, 0, 42L, null, "D-1".getBytes(StandardCharsets.UTF_8),
                "{\"poison\":true}".getBytes(StandardCharsets.UTF_8), "{}", "[]", "HUB_PROCESSING_FAILED", "OPEN",
                null);
    }

    @Test
    void shouldHandleOnlyEventsOfARouteThatRunsHere() {
        assertThat(replay.handles(entry("tongjie.canonical#reactor"))).isTrue();
        assertThat(replay.handles(entry("tongjie.canonical#gone"))).isFalse();
        assertThat(replay.handles(new QuarantineEntry(1L, "police", "tongjie.canonical#reactor", 0, 1L, null, null,
                null, "{}", "[]", "X", "OPEN", null))).isFalse();
    }

    @Test
    void shouldProcessTheEditedEventThroughTheConsumersOwnSteps() {
        Replayed r = tx.execute(s -> replay.replay(entry("tongjie.canonical#reactor"),
                "{\"fixed\":true}".getBytes(StandardCharsets.UTF_8)));
        assertThat(r.accepted()).as(r.reasons().toString()).isTrue();
        assertThat(r.outcome()).isEqualTo("PROCESSED by reactor");
        assertThat(seen).containsExactly("{\"fixed\":true} key=D-1");
        assertThat(jdbc.sql("select count(*) from reacted").query(Integer.class).single()).isEqualTo(1);
        assertThat(errorHandled).isEmpty();
    }

    @Test
    void shouldRefuseAnEventThatStillFailsUndoItsWorkAndNeverQuarantineAgain() {
        Replayed r = tx.execute(s -> replay.replay(entry("tongjie.canonical#reactor"),
                "{\"poison\":true}".getBytes(StandardCharsets.UTF_8)));
        assertThat(r.accepted()).isFalse();
        assertThat(r.reasons()).singleElement().asString()
                .startsWith("HUB_PROCESSING_FAILED $: reactor failed: HubException TJ-")
                .doesNotContain("张三");
        assertThat(jdbc.sql("select count(*) from reacted").query(Integer.class).single())
                .as("the step's insert is rolled back to the savepoint").isZero();
        assertThat(errorHandled).isEmpty();
    }
}
