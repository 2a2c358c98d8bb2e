package cn.tongjie.hub.admin;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import cn.tongjie.hub.it.Handovers;
import cn.tongjie.hub.it.HubFixture;
import cn.tongjie.hub.it.HubIT;
import cn.tongjie.hub.it.HubITSupport;
import cn.tongjie.hub.simulator.legal.LegalServiceSimulator;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/** After real traffic, /actuator/prometheus carries Camel's route metrics and our per-agency ones. */
@HubIT
class PrometheusIT extends HubITSupport {

    @Autowired
    LegalServiceSimulator legal;

    @AfterEach
    void tearDown() {
        legal.setAutoLifecycle(false);
    }

    @Test
    void shouldExposePerAgencyMetricsAfterTraffic() {
        double policeBefore = value(scrape(), "tongjie_agency_exchanges_total", "agency=\"police\",outcome=\"completed\"");
        HubFixture.manual(legal).setAutoLifecycle(true);
        String jjdbh = Handovers.jjdbh(6701);
        ProducerRecord<byte[], byte[]> poison = new ProducerRecord<>(HubFixture.HANDOVER,
                "J150502202611286702".getBytes(StandardCharsets.UTF_8), "{not json".getBytes(StandardCharsets.UTF_8));
        poison.headers().add("police-msg-id", UUID.randomUUID().toString().getBytes(StandardCharsets.UTF_8));
        poison.headers().add("police-sent-at", "20261128100000".getBytes(StandardCharsets.UTF_8));
        hub.produce(List.of(Handovers.record(Handovers.value(jjdbh, "20261128090000")), poison));

        await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> assertThat(hub.count(
                "select count(*) from dispute where status = 'CONCLUDED'")).isEqualTo(1));
        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> {
            String m = scrape();
            assertThat(value(m, "tongjie_agency_messages", "agency=\"police\",direction=\"in\"")).isGreaterThanOrEqualTo(1);
            assertThat(value(m, "tongjie_agency_messages", "agency=\"legal-service\",direction=\"out\""))
                    .isGreaterThanOrEqualTo(1);
            assertThat(value(m, "tongjie_agency_messages", "agency=\"legal-service\",direction=\"in\""))
                    .isGreaterThanOrEqualTo(1);
            assertThat(value(m, "tongjie_agency_quarantined", "agency=\"police\"")).isEqualTo(1);
            assertThat(value(m, "tongjie_agency_exchanges_total", "agency=\"police\",outcome=\"completed\""))
                    .isGreaterThanOrEqualTo(policeBefore + 2);
            assertThat(value(m, "tongjie_agency_latency_seconds_count", "agency=\"legal-service\""))
                    .isGreaterThan(0);
            assertThat(value(m, "tongjie_agency_failed", "agency=\"legal-service\"")).isEqualTo(0);
            assertThat(value(m, "tongjie_deadlines", "agency=\"court\",state=\"overdue\"")).isEqualTo(0);
            assertThat(value(m, "tongjie_alerts_open", "agency=\"police\"")).isGreaterThanOrEqualTo(0);
            // Camel's own route metrics, per route id
            assertThat(m).containsPattern("camel_exchanges_total\\{[^}]*routeId=\"police-handover-intake\"");
        });
    }

    private String scrape() {
        HttpResponse<String> r = hub.get("/actuator/prometheus", "monitor", "tongjie-demo");
        assertThat(r.statusCode()).isEqualTo(200);
        try {
            // kept for whoever reads a failure: the last scrape this test saw
            java.nio.file.Files.writeString(java.nio.file.Path.of("target/prometheus-last-scrape.txt"), r.body());
        } catch (java.io.IOException ignored) {
            // only a debugging aid
        }
        return r.body();
    }

    /** Value of the series {@code name{...labels...}} whose labels contain {@code labels}; -1 when absent. */
    private static double value(String scrape, String name, String labels) {
        Matcher m = Pattern.compile("(?m)^" + Pattern.quote(name) + "\\{([^}]*)\\} (\\S+)$").matcher(scrape);
        while (m.find()) {
            if (m.group(1).contains(labels)) {
                return Double.parseDouble(m.group(2));
            }
        }
        return -1;
    }
}
