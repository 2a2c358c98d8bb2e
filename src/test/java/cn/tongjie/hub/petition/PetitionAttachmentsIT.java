package cn.tongjie.hub.petition;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import cn.tongjie.hub.it.HubIT;
import cn.tongjie.hub.it.HubITSupport;
import cn.tongjie.hub.simulator.petition.PetitionSystemSimulator;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HexFormat;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;

/**
 * §5.5 over real HTTP: the hub fetches a push's attachments afterwards with a signed GET, keeps a file whose SHA-256
 * matches, discards one that does not, never calls a URL outside the petition system's file path, and none of it
 * touches the push's 202.
 */
@HubIT
class PetitionAttachmentsIT extends HubITSupport {

    private static final Duration WAIT = Duration.ofSeconds(30);
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String XFJBH = "XF150521202611210015";

    @Autowired
    PetitionSystemSimulator petition;
    @Value("${tongjie.petition.base-url}")
    String petitionBase;

    @BeforeEach
    void resetPetitionSystem() {
        petition.reset();
    }

    @Test
    void shouldNotFetchTheSamplesAttachmentWhoseUrlIsOutsideThePetitionSystemsFilePath() throws Exception {
        // story G as the sample has it: xzdz on https://xf.tongliao.example, not this hub's {petitionBase}
        byte[] body = Files.readAllBytes(PetitionSignatureTest.SAMPLES.resolve("push-story-G-grassland-boundary-online.json"));
        assertThat(petition.push("http://127.0.0.1:" + port, body).statusCode()).isEqualTo(202);

        await().atMost(WAIT).until(() -> hub.count("select count(*) from petition_attachment where status = 'FAILED'") == 1);
        assertThat(hub.count("select count(*) from alert where code = 'PETITION_ATTACHMENT_REFUSED'")).isEqualTo(1);
        assertThat(petition.fileRequests()).isEmpty();
        assertThat(hub.count("select count(*) from petition_item where xfjbh = ?", XFJBH)).isEqualTo(1);
    }

    @Test
    void shouldKeepAFileWhoseHashMatchesAndDiscardOneWhoseHashDiffers() throws Exception {
        byte[] photo = "JPEG…草场围栏照片".getBytes(StandardCharsets.UTF_8);
        byte[] scan = "%PDF-1.7 调解申请书".getBytes(StandardCharsets.UTF_8);
        petition.offerFile("7f3c2a90d1b84e55", photo);
        petition.offerFile("0a1b2c3d4e5f6071", scan);
        ObjectNode push = (ObjectNode) JSON.readTree(Files.readAllBytes(
                PetitionSignatureTest.SAMPLES.resolve("push-story-G-grassland-boundary-online.json")));
        ArrayNode fj = JSON.createArrayNode();
        fj.addObject().put("wjm", "草场围栏照片1.jpg").put("wjlx", "image/jpeg").put("wjdx", photo.length)
                .put("xzdz", petitionBase + "/xf/api/v1/files/7f3c2a90d1b84e55").put("sha256", sha256(photo));
        // announced with the photo's hash: what arrives is not what was registered
        fj.addObject().put("wjm", "申请书.pdf").put("wjlx", "application/pdf").put("wjdx", scan.length)
                .put("xzdz", petitionBase + "/xf/api/v1/files/0a1b2c3d4e5f6071").put("sha256", sha256(photo));
        push.set("fj", fj);
        assertThat(petition.push("http://127.0.0.1:" + port, JSON.writeValueAsBytes(push)).statusCode()).isEqualTo(202);

        await().atMost(WAIT).until(() -> hub.count("select count(*) from petition_attachment "
                + "where status in ('STORED', 'DISCARDED')") == 2);
        String stored = jdbc.sql("select stored_path from petition_attachment where xfjbh = ? and seq = 1")
                .param(XFJBH).query(String.class).single();
        assertThat(Files.readAllBytes(Path.of(stored))).isEqualTo(photo);
        assertThat(jdbc.sql("select status from petition_attachment where xfjbh = ? and seq = 2").param(XFJBH)
                .query(String.class).single()).isEqualTo("DISCARDED");
        try (var files = Files.list(Path.of(stored).getParent())) {
            assertThat(files.map(p -> p.getFileName().toString()).toList()).containsExactly("1.jpg");
        }
        assertThat(hub.count("select count(*) from alert where code = 'PETITION_ATTACHMENT_DISCARDED'")).isEqualTo(1);
        String disputeId = jdbc.sql("select tjgzh from petition_item where xfjbh = ?").param(XFJBH)
                .query(String.class).single();
        assertThat(hub.count("select count(*) from timeline_event where dispute_id = ? "
                + "and event_type = 'PETITION_ATTACHMENT_STORED'", disputeId)).isEqualTo(1);
        // each fetched once, with a signature the petition system accepted
        assertThat(petition.fileRequests()).containsExactlyInAnyOrder("7f3c2a90d1b84e55", "0a1b2c3d4e5f6071");
    }

    @Test
    void shouldGiveUpOnAFileThePetitionSystemDoesNotHaveWithoutTouchingThePush() throws Exception {
        ObjectNode push = (ObjectNode) JSON.readTree(Files.readAllBytes(
                PetitionSignatureTest.SAMPLES.resolve("push-story-G-grassland-boundary-online.json")));
        ((ObjectNode) push.withArray("fj").get(0)).put("xzdz", petitionBase + "/xf/api/v1/files/ffffffffffffffff");
        assertThat(petition.push("http://127.0.0.1:" + port, JSON.writeValueAsBytes(push)).statusCode()).isEqualTo(202);

        await().atMost(WAIT).until(() -> hub.count("select count(*) from petition_attachment where status = 'FAILED' "
                + "and last_error = 'HTTP 404'") == 1);
        assertThat(hub.count("select count(*) from alert where code = 'PETITION_ATTACHMENT_FAILED'")).isEqualTo(1);
    }

    private static String sha256(byte[] b) throws Exception {
        return HexFormat.of().formatHex(java.security.MessageDigest.getInstance("SHA-256").digest(b));
    }
}
