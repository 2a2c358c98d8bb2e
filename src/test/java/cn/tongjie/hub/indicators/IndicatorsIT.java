package cn.tongjie.hub.indicators;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import cn.tongjie.hub.it.Handovers;
import cn.tongjie.hub.it.HubFixture;
import cn.tongjie.hub.it.HubIT;
import cn.tongjie.hub.it.HubITSupport;
import cn.tongjie.hub.simulator.legal.LegalServiceSimulator;
import com.fasterxml.jackson.databind.JsonNode;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/** Indicators over a real flow: police handovers mediated to an agreement by the legal-service system. */
@HubIT
class IndicatorsIT extends HubITSupport {

    @Autowired
    LegalServiceSimulator legal;

    @AfterEach
    void tearDown() {
        legal.setAutoLifecycle(false);
    }

    @Test
    void shouldCountConcludedFlowsInTheirRegionAndTheCity() {
        HubFixture.manual(legal).setAutoLifecycle(true); // success-probability 1.0 in tests: every case agrees
        hub.produce(List.of(Handovers.record(Handovers.value(Handovers.jjdbh(6801), "20261128090000")),
                Handovers.record(Handovers.value(Handovers.jjdbh(6802), "20261128090000"))));
        await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> assertThat(hub.count(
                "select count(*) from dispute where status = 'CONCLUDED' and outcome = 'SUCCESS'")).isEqualTo(2));
        String county = jdbc.sql("select region_code from dispute").query(String.class).list().get(0).substring(0, 6);

        HttpResponse<String> r = hub.get("/api/admin/indicators?from=2026-11-01&to=2026-11-30", "monitor",
                "tongjie-demo");
        assertThat(r.statusCode()).isEqualTo(200);
        JsonNode rows = hub.json(r.body()).path("rows");
        for (String code : List.of(county, "150500")) {
            JsonNode row = find(rows, code);
            JsonNode agreements = indicator(row, "judicialConfirmationRate");
            assertThat(agreements.path("denominator").asInt()).as(code).isEqualTo(2);
            assertThat(agreements.path("numerator").asInt()).isZero(); // nobody applied for 司法确认 yet
            JsonNode days = indicator(row, "meanResolutionDays");
            assertThat(days.path("denominator").asInt()).isEqualTo(2);
            assertThat(days.path("value").isNumber()).isTrue();
            assertThat(days.path("formula").asText()).startsWith("平均化解时长 = ");
        }
        // the same disputes are outside an earlier period
        JsonNode october = hub.json(hub.get("/api/admin/indicators?from=2026-10-01&to=2026-10-31&region=150500",
                "monitor", "tongjie-demo").body());
        assertThat(indicator(october.path("rows").get(0), "meanResolutionDays").path("value").isNull()).isTrue();

        HttpResponse<String> csv = hub.get("/api/admin/indicators?from=2026-11-01&to=2026-11-30&format=csv",
                "monitor", "tongjie-demo");
        assertThat(csv.headers().firstValue("Content-Type").orElse("")).startsWith("text/csv");
        assertThat(csv.body()).startsWith("\uFEFF区划代码,").contains("150571,通辽经济技术开发区");
        assertThat(hub.get("/api/admin/indicators?from=2026-12-01&to=2026-11-01", "monitor", "tongjie-demo")
                .statusCode()).isEqualTo(400);
    }

    private static JsonNode find(JsonNode rows, String code) {
        for (JsonNode row : rows) {
            if (row.path("regionCode").asText().equals(code)) {
                return row;
            }
        }
        throw new AssertionError("no row " + code);
    }

    private static JsonNode indicator(JsonNode row, String key) {
        for (JsonNode v : row.path("indicators")) {
            if (v.path("key").asText().equals(key)) {
                return v;
            }
        }
        throw new AssertionError("no indicator " + key);
    }
}
