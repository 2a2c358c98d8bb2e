package cn.tongjie.hub.warning;

import static org.assertj.core.api.Assertions.assertThat;

import cn.tongjie.hub.warning.WorkerCount.DisputeWorkers;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Workers are counted once each (issue 5 item 5), on story L's canonical disputes as the mappings produce them. */
class WorkerCountTest {

    private static final ObjectMapper MAPPER = new ObjectMapper();
    /** Police 0303: 周明 and 海日汗 named, sjrs = 23. */
    static final JsonNode POLICE = fixture("mappings/police/fixtures/handover-to-dispute/story-L-mass-wage.expected.json");
    /** Petition 集体访: 海日汗, 周明 and three more named, rs = 23. */
    static final JsonNode PETITION = fixture("mappings/petition/fixtures/push-to-dispute/story-L-mass-wage.expected.json");

    @Test
    void shouldCountSeparateReportsOfStoryLAs23WorkersNot46() {
        DisputeWorkers police = WorkerCount.of("TJ-POLICE", List.of(POLICE));
        DisputeWorkers petition = WorkerCount.of("TJ-PETITION", List.of(PETITION));

        assertThat(police.idHashes()).hasSize(2);
        assertThat(police.headCount()).isEqualTo(23);
        assertThat(petition.idHashes()).hasSize(5);
        // both channels repeat the same 23: the head counts are never added
        assertThat(WorkerCount.ofCluster(List.of(police, petition))).isEqualTo(23);
    }

    @Test
    void shouldCountStoryLMergedIntoOneCanonicalDisputeOnceWithTheLargestHeadCount() {
        // correlation keeps the other channel's report as an earlier snapshot of the same dispute
        DisputeWorkers merged = WorkerCount.of("TJ-ONE", List.of(PETITION, POLICE));

        assertThat(merged.idHashes()).as("海日汗 and 周明 appear in both reports").hasSize(5);
        assertThat(merged.headCount()).isEqualTo(23);
        assertThat(merged.workers()).isEqualTo(23);
        assertThat(WorkerCount.ofCluster(List.of(merged))).isEqualTo(23);
    }

    @Test
    void shouldCountTheUnionReferralOf23NamedWorkersWithTheSameHeadCountOnEveryRowAs23() {
        ObjectNode dispute = PETITION.deepCopy();
        ArrayNode parties = dispute.putArray("parties");
        // 周明 and 海日汗 (also named by the police) and 21 more workers
        for (String id : List.of("150581199908300118", "152302198701250716")) {
            parties.addObject().put("role", "APPLICANT").put("partyType", "NATURAL_PERSON").put("idNumber", id);
        }
        for (int i = 0; i < 21; i++) {
            parties.addObject().put("role", "APPLICANT").put("partyType", "NATURAL_PERSON")
                    .put("idNumber", String.format("1505811990010100%02d", i));
        }
        parties.addObject().put("role", "RESPONDENT").put("partyType", "LEGAL_PERSON").put("name", "鑫达");

        assertThat(WorkerCount.of("TJ-UNION", List.of(dispute)).workers()).isEqualTo(23);
        assertThat(WorkerCount.ofCluster(List.of(WorkerCount.of("TJ-UNION", List.of(dispute)),
                WorkerCount.of("TJ-POLICE", List.of(POLICE))))).isEqualTo(23);
    }

    @Test
    void shouldLetDistinctIdNumbersWinWhenTheyExceedEveryHeadCount() {
        List<DisputeWorkers> cluster = new ArrayList<>();
        for (int d = 0; d < 3; d++) {
            ObjectNode s = MAPPER.createObjectNode().put("personsInvolved", 10);
            ArrayNode parties = s.putArray("parties");
            for (int i = 0; i < 10; i++) {
                parties.addObject().put("role", "APPLICANT").put("partyType", "NATURAL_PERSON")
                        .put("idNumber", String.format("15058119900101%02d%02d", d, i));
            }
            cluster.add(WorkerCount.of("TJ-" + d, List.of(s)));
        }
        assertThat(WorkerCount.ofCluster(cluster)).isEqualTo(30);
    }

    @Test
    void shouldTreatLowerAndUpperCaseCheckCharacterAsTheSameWorker() {
        ObjectNode a = MAPPER.createObjectNode();
        a.putArray("parties").addObject().put("role", "APPLICANT").put("partyType", "NATURAL_PERSON")
                .put("idNumber", "15232119780314013x");
        ObjectNode b = MAPPER.createObjectNode();
        b.putArray("parties").addObject().put("role", "APPLICANT").put("partyType", "NATURAL_PERSON")
                .put("idNumber", "15232119780314013X");
        assertThat(WorkerCount.ofCluster(List.of(WorkerCount.of("A", List.of(a)), WorkerCount.of("B", List.of(b)))))
                .isEqualTo(1);
    }

    @Test
    void shouldNotCountRespondentsOrOrganisationsAsWorkers() {
        DisputeWorkers police = WorkerCount.of("TJ-POLICE", List.of(POLICE));
        // 郑宏伟 (the company's legal representative, RESPONDENT) has an ID number but is no worker
        assertThat(police.idHashes()).doesNotContain(WorkerCount.hash("152301197412050311"));
        assertThat(police.idHashes()).contains(WorkerCount.hash("150581199908300118"));
    }

    @Test
    void shouldKeepOnlyHashesOfIdNumbers() {
        assertThat(WorkerCount.hash("150581199908300118")).hasSize(64).doesNotContain("150581199908300118");
    }

    static JsonNode fixture(String path) {
        try {
            return MAPPER.readTree(Path.of(path).toFile());
        } catch (IOException e) {
            throw new AssertionError(e);
        }
    }
}
