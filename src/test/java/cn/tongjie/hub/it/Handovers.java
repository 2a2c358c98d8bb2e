package cn.tongjie.hub.it;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import java.util.UUID;
import org.apache.kafka.clients.producer.ProducerRecord;

/** Builds handover records from the story N sample with a given 接警单 number, as the police 110 system would. */
public final class Handovers {

    private static final ObjectNode TEMPLATE = (ObjectNode) Samples.json("police/handover-story-N-neighbour-0302.kafka.json")
            .get("records").get(0).get("value");

    private Handovers() {
    }

    public static String jjdbh(int seq) {
        return "J15050220261128" + String.format("%04d", seq);
    }

    public static ObjectNode value(String jjdbh, String xgsj) {
        return TEMPLATE.deepCopy().put("jjdbh", jjdbh).put("xgsj", xgsj);
    }

    public static ProducerRecord<byte[], byte[]> record(ObjectNode value, String msgId) {
        ProducerRecord<byte[], byte[]> r = new ProducerRecord<>(HubFixture.HANDOVER,
                value.get("jjdbh").asText().getBytes(StandardCharsets.UTF_8),
                value.toString().getBytes(StandardCharsets.UTF_8));
        r.headers().add("police-msg-id", msgId.getBytes(StandardCharsets.UTF_8));
        r.headers().add("police-sent-at", "20261128100000".getBytes(StandardCharsets.UTF_8));
        return r;
    }

    public static ProducerRecord<byte[], byte[]> record(ObjectNode value) {
        return record(value, UUID.randomUUID().toString());
    }
}
