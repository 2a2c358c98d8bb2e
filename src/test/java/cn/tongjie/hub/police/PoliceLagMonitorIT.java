package cn.tongjie.hub.police;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import cn.tongjie.hub.it.Handovers;
import cn.tongjie.hub.it.HubFixture;
import cn.tongjie.hub.it.HubIT;
import cn.tongjie.hub.it.HubITSupport;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import org.apache.camel.CamelContext;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/** Police §2.1: a handover waiting longer than 24 h raises an operator alert (records expire after 7 days). */
@HubIT
class PoliceLagMonitorIT extends HubITSupport {

    @Autowired
    CamelContext camel;
    @Autowired
    PoliceLagMonitor monitor;
    @Autowired
    Clock clock;

    @AfterEach
    void resumeConsumer() throws Exception {
        camel.getRouteController().startRoute("police-handover-intake");
    }

    @Test
    void shouldAlertWhenTheOldestUnprocessedHandoverIsOlderThan24Hours() throws Exception {
        camel.getRouteController().stopRoute("police-handover-intake"); // the hub "was down"
        String jjdbh = Handovers.jjdbh(8201);
        ProducerRecord<byte[], byte[]> r = Handovers.record(Handovers.value(jjdbh, "20261127090000"));
        long dayAndAnHourAgo = clock.millis() - Duration.ofHours(25).toMillis();
        hub.produce(List.of(new ProducerRecord<>(r.topic(), null, dayAndAnHourAgo, r.key(), r.value(), r.headers())));

        assertThat(monitor.check()).isGreaterThan(Duration.ofHours(24));
        assertThat(hub.count("select count(*) from alert where code = 'POLICE_CONSUMER_LAG'")).isEqualTo(1);

        camel.getRouteController().startRoute("police-handover-intake");
        await().atMost(Duration.ofSeconds(30)).until(() -> hub.count(
                "select count(*) from dispute_xref where ref = ?", jjdbh) == 1);
        await().atMost(Duration.ofSeconds(30)).until(() -> monitor.check().isZero());
    }
}
