package cn.tongjie.hub.police;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import cn.tongjie.hub.common.ErrorCode;
import cn.tongjie.hub.common.HubException;
import cn.tongjie.hub.it.Handovers;
import cn.tongjie.hub.it.HubFixture;
import cn.tongjie.hub.it.HubIT;
import cn.tongjie.hub.it.HubITSupport;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import org.apache.camel.CamelContext;
import org.apache.camel.builder.AdviceWith;
import org.apache.camel.component.kafka.KafkaConstants;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * The handover route's error handling (route configuration police-intake-errors): a contract-valid record the hub
 * keeps failing on is retried, then quarantined as HUB_PROCESSING_FAILED with its offset committed — and the records
 * behind it on the same partition still flow.
 */
@HubIT
class PoliceIntakeRouteTest extends HubITSupport {

    /** The record the advised route fails on, as a bug in the hub would. */
    private static final String FAILING = Handovers.jjdbh(8301);
    private static boolean advised;

    @Autowired
    CamelContext camel;

    @BeforeEach
    void setUp() throws Exception {
        if (!advised) {
            AdviceWith.adviceWith(camel, "police-handover-intake", a -> a.weaveById("police-process-handover").before()
                    .process(e -> {
                        byte[] key = e.getIn().getHeader(KafkaConstants.KEY, byte[].class);
                        if (key != null && FAILING.equals(new String(key, StandardCharsets.UTF_8))) {
                            throw new HubException(ErrorCode.TJ_INTERNAL, "simulated hub bug");
                        }
                    }));
            advised = true;
        }
    }

    @Test
    void shouldQuarantineARecordTheHubKeepsFailingOnAndProcessTheRecordsBehindIt() {
        var failing = Handovers.record(Handovers.value(FAILING, "20261128090000"));
        var behind = Handovers.record(Handovers.value(Handovers.jjdbh(8302), "20261128090000"));
        // same partition, failing record first
        hub.produce(List.of(
                new org.apache.kafka.clients.producer.ProducerRecord<>(failing.topic(), 1, failing.key(), failing.value(), failing.headers()),
                new org.apache.kafka.clients.producer.ProducerRecord<>(behind.topic(), 1, behind.key(), behind.value(), behind.headers())));

        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
            assertThat(hub.count("select count(*) from quarantine where primary_reason = 'HUB_PROCESSING_FAILED'")).isEqualTo(1);
            assertThat(hub.count("select count(*) from dispute_xref where ref = ?", Handovers.jjdbh(8302))).isEqualTo(1);
        });
        assertThat(hub.count("select count(*) from dispute_xref where ref = ?", FAILING)).isZero();
        String reasons = jdbc.sql("select reasons from quarantine").query(String.class).single();
        assertThat(reasons).contains("HubException");
    }
}
