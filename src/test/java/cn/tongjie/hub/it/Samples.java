package cn.tongjie.hub.it;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import org.apache.kafka.clients.producer.ProducerRecord;

/** The agencies' sample files (copied from the contracts into src/test/resources/samples). */
public final class Samples {

    private static final ObjectMapper MAPPER = new ObjectMapper();

    private Samples() {
    }

    public static JsonNode json(String path) {
        try (InputStream in = Samples.class.getResourceAsStream("/samples/" + path)) {
            if (in == null) {
                throw new AssertionError("no sample " + path);
            }
            return MAPPER.readTree(in);
        } catch (IOException e) {
            throw new AssertionError(e);
        }
    }

    public static String text(String path) {
        return json(path).toString();
    }

    /** The records of a police *.kafka.json sample exactly as its README says a harness produces them. */
    public static List<ProducerRecord<byte[], byte[]>> policeRecords(String file) {
        List<ProducerRecord<byte[], byte[]>> out = new ArrayList<>();
        for (JsonNode r : json("police/" + file).get("records")) {
            out.add(policeRecord(r));
        }
        return out;
    }

    public static ProducerRecord<byte[], byte[]> policeRecord(JsonNode r) {
        byte[] value;
        if (r.has("valueBase64")) {
            value = Base64.getDecoder().decode(r.get("valueBase64").asText());
        } else {
            value = r.get("value").toString().getBytes(StandardCharsets.UTF_8);
        }
        Integer partition = r.has("partition") ? r.get("partition").asInt() : null;
        byte[] key = r.has("key") ? r.get("key").asText().getBytes(StandardCharsets.UTF_8) : null;
        ProducerRecord<byte[], byte[]> pr = new ProducerRecord<>(r.get("topic").asText(), partition, key, value);
        r.path("headers").fields().forEachRemaining(h -> pr.headers().add(h.getKey(),
                h.getValue().asText().getBytes(StandardCharsets.UTF_8)));
        return pr;
    }
}
