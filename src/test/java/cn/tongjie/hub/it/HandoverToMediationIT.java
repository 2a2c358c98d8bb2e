package cn.tongjie.hub.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import cn.tongjie.hub.simulator.legal.LegalServiceSimulator;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * The walking skeleton end to end: a batch of 110 handovers with producer resends, corrections and poison records
 * travels over Kafka to the legal-service system (simulator over real HTTP), the committees conclude, and the police
 * hear every outcome on their feedback topic.
 */
@HubIT
class HandoverToMediationIT extends HubITSupport {

    @Autowired
    LegalServiceSimulator legal;

    @BeforeEach
    void setUp() {
        HubFixture.manual(legal).setAutoLifecycle(true); // committees accept and conclude on their own
    }

    @AfterEach
    void tearDown() {
        legal.setAutoLifecycle(false);
        legal.setDown(false);
    }

    @Test
    void shouldAssignEachValidDisputeOnceQuarantinePoisonAndFeedBackEveryOutcome() {
        List<ProducerRecord<byte[], byte[]>> batch = new ArrayList<>();
        List<String> valid = new ArrayList<>();
        for (int i = 0; i < 12; i++) {
            String jjdbh = Handovers.jjdbh(6100 + i);
            valid.add(jjdbh);
            ObjectNode v = Handovers.value(jjdbh, "20261128090000");
            ProducerRecord<byte[], byte[]> first = Handovers.record(v);
            batch.add(first);
            if (i % 3 == 0) {
                batch.add(first); // producer resend after a time-out: same police-msg-id
            }
            if (i % 4 == 1) {
                ObjectNode corrected = v.deepCopy().put("xgsj", "20261128093000").put("fadz", "建国路17号楼北侧通道");
                batch.add(Handovers.record(corrected));
            }
            if (i == 5) {
                batch.add(poison("J150502202611286190", "{\"sv\":\"1.2\",".getBytes(StandardCharsets.UTF_8)));
            }
            if (i == 9) {
                ObjectNode badId = Handovers.value("J150502202611286191", "20261128090000");
                ((ObjectNode) badId.withArray("dsr").get(1)).put("sfzh", "152301197211200513");
                batch.add(Handovers.record(badId));
            }
        }
        hub.produce(batch);

        await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> assertThat(hub.count(
                "select count(*) from dispute where status = 'CONCLUDED'")).isEqualTo(valid.size()));
        assertThat(hub.count("select count(*) from dispute")).isEqualTo(valid.size());
        assertThat(hub.count("select count(*) from dispute where source_version = '20261128093000'")).isEqualTo(3);
        // each valid dispute assigned exactly once: one assignment, one case at the legal-service system
        assertThat(hub.count("select count(*) from assignment")).isEqualTo(valid.size());
        List<String> refs = jdbc.sql("select external_ref from assignment").query(String.class).list();
        for (String ref : refs) {
            assertThat(legal.createCaseCalls(ref)).as("createCase calls for " + ref).isEqualTo(1);
            assertThat(legal.storedCase(ref)).isPresent();
        }
        // each poison record quarantined with its reason, nothing else
        assertThat(jdbc.sql("select primary_reason from quarantine order by id").query(String.class).list())
                .containsExactlyInAnyOrder("VALUE_NOT_JSON", "CHECK_DIGIT");

        // feedback: 01 then the final code, exactly once per concluded dispute; none for poison records
        List<String> keys = new ArrayList<>(valid);
        keys.add("J150502202611286190");
        keys.add("J150502202611286191");
        Map<String, List<String>> codes = new HashMap<>();
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
            codes.clear();
            for (ConsumerRecord<byte[], byte[]> r : hub.read(HubFixture.FEEDBACK, keys, Duration.ofSeconds(2))) {
                codes.computeIfAbsent(new String(r.key(), StandardCharsets.UTF_8), k -> new ArrayList<>())
                        .add(hub.value(r).path("czjg").asText());
            }
            assertThat(codes).hasSize(valid.size());
            assertThat(codes.values()).allMatch(c -> c.size() >= 2);
        });
        for (String jjdbh : valid) {
            assertThat(codes.get(jjdbh)).as("feedback for " + jjdbh).containsExactly("01", "02");
        }
    }

    private static ProducerRecord<byte[], byte[]> poison(String key, byte[] value) {
        ProducerRecord<byte[], byte[]> r = new ProducerRecord<>(HubFixture.HANDOVER, key.getBytes(StandardCharsets.UTF_8), value);
        r.headers().add("police-msg-id", UUID.randomUUID().toString().getBytes(StandardCharsets.UTF_8));
        r.headers().add("police-sent-at", "20261128100000".getBytes(StandardCharsets.UTF_8));
        return r;
    }
}
