package cn.tongjie.hub.womensfederation;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import org.junit.jupiter.api.Test;

class WfReferralsTest {

    private static final ObjectMapper MAPPER = new ObjectMapper();
    /** Sample F's sent_at: 2026-11-26T23:52:00+08:00. */
    private static final Instant SENT = Instant.ofEpochMilli(1795708320000L);

    private static JsonNode storyF() throws Exception {
        return MAPPER.readTree(Files.readString(
                Path.of("mappings/police/fixtures/handover-to-dispute/story-F-family-violence-risk.expected.json")));
    }

    private static WfReferrals.Assignment assignment(String ref, boolean urgent) {
        return new WfReferrals.Assignment(ref, urgent, SENT, LocalDate.of(2026, 12, 26));
    }

    @Test
    void storyFBecomesAnUrgentDomesticViolenceReferralDueThreeDaysAfterSending() throws Exception {
        ObjectNode r = WfReferrals.build(storyF(), assignment("TJ-20261126-000029-01", true), SENT, 30, 72);
        JsonNode sample = MAPPER.readTree(Files.readString(
                Path.of("src/test/resources/samples/womens-federation/create-case-story-F-violence-risk-urgent.json")));

        assertThat(r.get("case_ref")).isEqualTo(sample.get("case_ref"));
        assertThat(r.get("dispute_type")).isEqualTo(sample.get("dispute_type"));
        assertThat(r.get("priority").asText()).isEqualTo("urgent");
        assertThat(r.get("risk_flags").get("domestic_violence_risk").asBoolean()).isTrue();
        assertThat(r.get("due_at")).isEqualTo(sample.get("due_at"));
        assertThat(r.get("sent_at")).isEqualTo(sample.get("sent_at"));
        assertThat(r.get("source")).isEqualTo(sample.get("source"));
        assertThat(r.get("source_ref")).isEqualTo(sample.get("source_ref"));
        assertThat(r.get("region_code")).isEqualTo(sample.get("region_code"));
        for (int i = 0; i < 2; i++) {
            assertThat(r.get("parties").get(i).get("role")).isEqualTo(sample.get("parties").get(i).get("role"));
            assertThat(r.get("parties").get(i).get("id_number")).isEqualTo(sample.get("parties").get(i).get("id_number"));
        }
        assertThat(WfMinimisation.violations(r)).isEmpty();
    }

    @Test
    void aNormalReferralIsDueThirtyDaysAfterItWasFirstBuiltEvenWhenARetrySendsItLater() throws Exception {
        ObjectNode family = (ObjectNode) storyF();
        family.put("summary", "夫妻因家务分担长期争吵，近一个月分居。").remove("handoverNote");
        Instant retry = SENT.plus(Duration.ofHours(5));
        ObjectNode r = WfReferrals.build(family, assignment("TJ-20261124-000012-01", false), retry, 30, 72);

        assertThat(r.get("priority").asText()).isEqualTo("normal");
        assertThat(r.get("dispute_type").asText()).isEqualTo("marriage");
        assertThat(r.get("due_at").asLong()).isEqualTo(SENT.plus(Duration.ofDays(30)).toEpochMilli());
        assertThat(r.get("sent_at").asLong()).isEqualTo(retry.toEpochMilli());
    }

    @Test
    void aReferralNeverCarriesWhatSectionSixForbidsWhateverTheSourceSupplied() throws Exception {
        ObjectNode d = (ObjectNode) storyF();
        d.put("summary", "斯琴每月应付抚养费1500元，已拖欠九千元，另欠3.5万元；其身份证号152301197211200512。女儿随父生活。");
        d.put("amount", 18000);
        ObjectNode child = d.withArray("parties").addObject();
        child.put("role", "THIRD_PARTY").put("partyType", "NATURAL_PERSON").put("name", "包思琪")
                .put("idType", "RESIDENT_ID").put("idNumber", "150502201409010209").put("gender", "FEMALE")
                .put("address", "建国路17号 证件152301197211200512");
        ((ObjectNode) d.withArray("parties").get(0)).put("address", "白音花嘎查一组7号（152324197508090208）");

        ObjectNode r = WfReferrals.build(d, assignment("TJ-20261130-000055-01", false), SENT, 30, 72);

        assertThat(WfMinimisation.violations(r)).isEmpty();
        JsonNode other = r.get("parties").get(2);
        assertThat(other.get("role").asText()).isEqualTo("other");
        assertThat(other.has("id_number")).isFalse();
        assertThat(other.get("minor").asBoolean()).isTrue();
        assertThat(r.get("risk_flags").get("minor_involved").asBoolean()).isTrue();
        assertThat(r.has("amount")).isFalse();
        assertThat(r.get("summary").asText()).isEqualTo(
                "斯琴每月应付抚养费[金额略]，已拖欠[金额略]，另欠[金额略]；其身份证号[证件号略]。女儿随父生活。");
        assertThat(other.get("address").asText()).isEqualTo("建国路17号 证件[证件号略]");
        assertThat(r.get("parties").get(0).get("address").asText()).isEqualTo("白音花嘎查一组7号（[证件号略]）");
        // applicant and respondent keep their IDs (§6.1)
        assertThat(r.get("parties").get(0).get("id_number").asText()).isEqualTo("152324197508090208");
        assertThat(r.toString()).doesNotContain("150502201409010209").doesNotContain("1500元");
    }

    @Test
    void theLastLineOfDefenceNamesEveryForbiddenMemberOfTheInvalidSamples() throws Exception {
        assertThat(WfMinimisation.violations(sample("invalid-create-id-number-of-child.json")))
                .containsExactly("parties[2].id_number ID_NOT_ALLOWED");
        assertThat(WfMinimisation.violations(sample("invalid-create-claim-amount-field.json")))
                .containsExactly("claim_amount UNKNOWN_FIELD");
        assertThat(WfMinimisation.violations(sample("invalid-create-amount-in-summary.json")))
                .containsExactly("summary AMOUNT_NOT_ALLOWED");
        assertThat(WfMinimisation.violations(sample("create-case-child-support-minor-without-id.json"))).isEmpty();
        assertThat(WfMinimisation.violations(sample("create-case-story-M-marriage-normal.json"))).isEmpty();
    }

    @Test
    void theRecommendedReplacementsMatchNeitherPattern() {
        assertThat(WfMinimisation.AMOUNT.matcher(WfMinimisation.AMOUNT_REDACTED).find()).isFalse();
        assertThat(WfMinimisation.ID_NUMBER.matcher(WfMinimisation.ID_REDACTED).find()).isFalse();
        assertThat(WfMinimisation.redactText("彩礼２０万元和两万块钱")).isEqualTo("彩礼[金额略]和[金额略]");
    }

    @Test
    void aDisputeWithoutApplicantIsHeldBack() throws Exception {
        ObjectNode d = (ObjectNode) storyF();
        d.withArray("parties").remove(0);
        ObjectNode r = WfReferrals.build(d, assignment("TJ-1-01", false), SENT, 30, 72);
        assertThat(WfReferrals.incompleteReason(r)).startsWith("NO_APPLICANT");
    }

    private static JsonNode sample(String name) throws Exception {
        return MAPPER.readTree(Files.readString(Path.of("src/test/resources/samples/womens-federation/" + name)));
    }
}
