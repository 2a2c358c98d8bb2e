package cn.tongjie.hub.simulator.grid;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.http.ResponseEntity;
import org.springframework.mock.web.MockHttpServletRequest;

/** The simulated platform applies the grid contract's §4 and §6 checks to the contract's status samples. */
class GridPlatformSimulatorTest {

    private static final String KEY = "tj-wg-test-0001";
    private static final String SECRET = "tjWgT3st-S3cret-2026-NotForProduction";
    private static final String EVENT = "SJ202611280000001234";
    private static final String PATH = "/gateway/wg/api/events/" + EVENT + "/status";
    private static final ObjectMapper JSON = new ObjectMapper();
    private final Clock clock = Clock.fixed(Instant.ofEpochMilli(1795827331000L), ZoneOffset.ofHours(8));
    private final GridPlatformSimulator platform = new GridPlatformSimulator(KEY, SECRET, clock);

    static byte[] sample(String name) throws IOException {
        try (InputStream in = GridPlatformSimulatorTest.class.getResourceAsStream("/samples/grid/" + name)) {
            return in.readAllBytes();
        }
    }

    private static MockHttpServletRequest request(String ts, String nonce, String signature) {
        MockHttpServletRequest r = new MockHttpServletRequest("PUT", PATH);
        r.addHeader("X-App-Key", KEY);
        r.addHeader("X-Timestamp", ts);
        r.addHeader("X-Nonce", nonce);
        r.addHeader("X-Signature", signature);
        return r;
    }

    private ResponseEntity<String> put(String file) throws IOException {
        byte[] body = sample(file);
        String nonce = UUID.randomUUID().toString();
        String ts = Long.toString(clock.millis());
        return platform.putStatus(EVENT, body, request(ts, nonce, GridPlatformSimulator.sign(SECRET, "PUT", PATH, ts,
                nonce, body)));
    }

    private static int code(ResponseEntity<String> r) throws IOException {
        return JSON.readTree(r.getBody()).get("code").asInt();
    }

    @Test
    void workedExampleBIsVerifiedWithTheGridBasePrefixInThePath() throws IOException {
        ResponseEntity<String> r = platform.putStatus(EVENT, sample("signed-request-status.body.json"),
                request("1795827331000", "c4d6e8f0-1a3b-4c5d-9e7f-0a2b4c6d8e0f",
                        "3oqzYFlBPZBPm2p4v4oXkdysZ2SOos4GReAFytlXmWM="));
        assertThat(r.getStatusCode().value()).isEqualTo(200);
        assertThat(JSON.readTree(r.getBody())).isEqualTo(JSON.readTree(sample("status-response-200.json")));
        // the same nonce again is a replay
        ResponseEntity<String> replay = platform.putStatus(EVENT, sample("signed-request-status.body.json"),
                request("1795827331000", "c4d6e8f0-1a3b-4c5d-9e7f-0a2b4c6d8e0f",
                        "3oqzYFlBPZBPm2p4v4oXkdysZ2SOos4GReAFytlXmWM="));
        assertThat(code(replay)).isEqualTo(40104);
    }

    @Test
    void storyNSequenceIsAcceptedAndARegressionAfterResolvedIs40901() throws IOException {
        for (String f : new String[] {"status-story-N-1-received.json", "status-story-N-2-assigned.json",
                "status-story-N-3-in-mediation.json", "status-story-N-4-resolved.json"}) {
            assertThat(put(f).getStatusCode().value()).as(f).isEqualTo(200);
        }
        // an identical resend (a retry) is 200
        assertThat(put("status-story-N-4-resolved.json").getStatusCode().value()).isEqualTo(200);
        ResponseEntity<String> r = put("invalid-status-regression-after-resolved.json");
        assertThat(r.getStatusCode().value()).isEqualTo(409);
        assertThat(JSON.readTree(r.getBody())).isEqualTo(JSON.readTree(sample("status-response-409-regression.json")));
    }

    @Test
    void aFirstStatusOtherThanReceivedIs40901AndAStaleUpdateIs40902() throws IOException {
        assertThat(code(put("status-story-N-2-assigned.json"))).isEqualTo(40901);
        assertThat(code(put("status-story-N-1-received.json"))).isZero();
        assertThat(code(put("status-story-N-3-in-mediation.json"))).isZero();
        // different content, updated_at earlier than the stored one
        assertThat(code(put("status-story-N-2-assigned.json"))).isEqualTo(40902);
    }

    @Test
    void missingHandlerOrgIs400ConditionalRequired() throws IOException {
        assertThat(code(put("status-story-N-1-received.json"))).isZero();
        ResponseEntity<String> r = put("invalid-status-missing-handler-org.json");
        assertThat(r.getStatusCode().value()).isEqualTo(400);
        JsonNode answer = JSON.readTree(r.getBody());
        assertThat(answer.get("code").asInt()).isEqualTo(40001);
        assertThat(answer.at("/data/errors/0/field").asText()).isEqualTo("handler_org");
        assertThat(answer.at("/data/errors/0/reason").asText()).isEqualTo("CONDITIONAL_REQUIRED");
    }

    @Test
    void wrongSignatureIs40105() throws IOException {
        byte[] body = sample("signed-request-status.body.json");
        ResponseEntity<String> r = platform.putStatus(EVENT, body, request("1795827331000",
                UUID.randomUUID().toString(), GridPlatformSimulator.sign("wrong", "PUT", PATH, "1795827331000", "x", body)));
        assertThat(r.getStatusCode().value()).isEqualTo(401);
        assertThat(code(r)).isEqualTo(40105);
    }
}
