package cn.tongjie.hub.sharing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import cn.tongjie.hub.common.HubException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SharingPoliciesTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String ALL_AGENCIES_DENIED = """
              police: {}
              court: {}
              petition: {}
              grid: {}
              legal-service: {}
              trade-union: {}
            """;

    @TempDir
    Path dir;

    private ObjectNode dispute() throws Exception {
        return (ObjectNode) JSON.readTree("""
                {"disputeId": "TJ-2026-00000001", "sourceRef": "J1505", "summary": "邻里纠纷",
                 "amount": 1200.5, "reporter": {"name": "报警人", "phone": "13900001111", "anonymous": false},
                 "location": {"longitude": 122.1, "latitude": 43.6, "crs": "WGS84"},
                 "parties": [
                   {"role": "APPLICANT", "name": "张三", "idType": "RESIDENT_ID", "idNumber": "150502199001011234",
                    "phone": "13800002222", "employer": "某厂"},
                   {"role": "THIRD_PARTY", "name": "张小", "idType": "RESIDENT_ID", "idNumber": "150502201501011238"},
                   {"role": "RESPONDENT", "name": "李四", "idType": "RESIDENT_ID", "idNumber": "15050219850505123X"}
                 ]}""");
    }

    private SharingPolicies load(String womensFederationBlock) throws Exception {
        Path f = dir.resolve("sharing-policies.yaml");
        Files.writeString(f, "recipients:\n" + ALL_AGENCIES_DENIED + womensFederationBlock);
        return SharingPolicies.from("file:" + f);
    }

    @Test
    void shouldRemoveEveryFieldThePolicyDoesNotAllow() throws Exception {
        SharingPolicies p = load("""
                  womens-federation:
                    allow: [/summary, /parties/*/name]
                """);
        JsonNode view = p.view("womens-federation", dispute());
        assertThat(view).isEqualTo(JSON.readTree("""
                {"summary": "邻里纠纷", "parties": [{"name": "张三"}, {"name": "张小"}, {"name": "李四"}]}"""));
        assertThat(p.view("police", dispute())).as("an empty block denies everything").isEmpty();
    }

    @Test
    void shouldPassIdNumbersOnlyOfTheRolesTheFilterNames() throws Exception {
        SharingPolicies p = load("""
                  womens-federation:
                    allow: [/parties/*/role, "/parties/*[role=APPLICANT|RESPONDENT]/idNumber"]
                """);
        JsonNode parties = p.view("womens-federation", dispute()).path("parties");
        assertThat(parties.get(0).path("idNumber").asText()).isEqualTo("150502199001011234");
        assertThat(parties.get(1).has("idNumber")).as("a third party's ID is denied").isFalse();
        assertThat(parties.get(2).path("idNumber").asText()).isEqualTo("15050219850505123X");
    }

    @Test
    void shouldMaskWhereAMaskIsConfiguredEvenIfThePathIsAlsoAllowed() throws Exception {
        SharingPolicies p = load("""
                  womens-federation:
                    allow: [/parties/*/idNumber, /reporter]
                    mask:
                      /parties/*[role=THIRD_PARTY]/idNumber: BIRTH_DATE_ONLY
                      /parties/*[role=APPLICANT]/idNumber: ID_NUMBER
                      /reporter/phone: PHONE
                      /reporter/name: NAME
                """);
        JsonNode view = p.view("womens-federation", dispute());
        assertThat(view.at("/parties/0/idNumber").asText()).isEqualTo("150502********1234");
        assertThat(view.at("/parties/1/idNumber").asText()).isEqualTo("******20150101****");
        assertThat(view.at("/parties/2/idNumber").asText()).isEqualTo("15050219850505123X");
        assertThat(view.at("/reporter/phone").asText()).isEqualTo("139****1111");
        assertThat(view.at("/reporter/name").asText()).isEqualTo("报**");
        assertThat(view.at("/reporter/anonymous").asBoolean(true)).as("a whole allowed object").isFalse();
    }

    @Test
    void shouldDropPartiesOfWhichNothingIsAllowed() throws Exception {
        SharingPolicies p = load("""
                  womens-federation:
                    allow: ["/parties/*[role=APPLICANT|RESPONDENT]/name"]
                """);
        assertThat(p.view("womens-federation", dispute()).path("parties"))
                .extracting(JsonNode::toString).containsExactly("{\"name\":\"张三\"}", "{\"name\":\"李四\"}");
    }

    @Test
    void shouldLeaveTheDisputeItselfUntouched() throws Exception {
        ObjectNode d = dispute();
        String before = d.toString();
        load("""
                  womens-federation:
                    allow: [/parties/*/idNumber]
                    mask: {/parties/*/idNumber: REDACT}
                """).view("womens-federation", d);
        assertThat(d.toString()).isEqualTo(before);
    }

    @Test
    void shouldRefuseAnUnknownPathNamingIt() {
        assertThatThrownBy(() -> load("""
                  womens-federation:
                    allow: [/parties/*/idNumbr]
                """)).isInstanceOf(HubException.class).hasMessageContaining("unknown path /parties/*/idNumbr")
                .hasMessageContaining("no field 'idNumbr' at /parties/*");
    }

    @Test
    void shouldRefuseAnUnknownRecipient() {
        assertThatThrownBy(() -> load("""
                  womens-federation: {}
                  womens_federation: {allow: [/summary]}
                """)).isInstanceOf(HubException.class).hasMessageContaining("unknown recipient 'womens_federation'");
    }

    @Test
    void shouldRefuseAMissingRecipientAnUnknownMaskAndAFilterValueThatCannotOccur() {
        assertThatThrownBy(() -> SharingPolicies.validateText("""
                recipients:
                  police:
                    allow: ["/parties/*[role=WITNESS]/name"]
                    mask: {/summary: BLUR}
                """)).isInstanceOf(HubException.class)
                .hasMessageContaining("no policy for recipient 'court'")
                .hasMessageContaining("unknown mask 'BLUR'")
                .hasMessageContaining("role is never 'WITNESS'");
    }

    @Test
    void shouldRefuseAStarOnAFieldThatIsNoArray() {
        assertThatThrownBy(() -> load("""
                  womens-federation:
                    allow: [/reporter/*/name]
                """)).isInstanceOf(HubException.class).hasMessageContaining("/reporter is not an array");
    }

    @Test
    void shouldKeepTheRunningPoliciesWhenAnEditIsInvalidAndTakeAValidOne() throws Exception {
        SharingPolicies p = load("""
                  womens-federation:
                    allow: [/summary]
                """);
        Path f = dir.resolve("sharing-policies.yaml");
        Files.writeString(f, "recipients:\n" + ALL_AGENCIES_DENIED + "  womens-federation: {allow: [/nope]}\n");
        Files.setLastModifiedTime(f, FileTime.from(Instant.now().plusSeconds(5)));
        assertThatThrownBy(p::reloadIfChanged).isInstanceOf(HubException.class);
        assertThat(p.view("womens-federation", dispute()).has("summary")).as("previous policy stays").isTrue();

        Files.writeString(f, "recipients:\n" + ALL_AGENCIES_DENIED + "  womens-federation: {allow: [/sourceRef]}\n");
        Files.setLastModifiedTime(f, FileTime.from(Instant.now().plusSeconds(10)));
        assertThat(p.reloadIfChanged()).isTrue();
        assertThat(p.view("womens-federation", dispute())).isEqualTo(JSON.readTree("{\"sourceRef\": \"J1505\"}"));
    }

    @Test
    void shouldLoadTheProjectPolicyFileForEveryAgency() {
        assertThat(SharingFixtures.policies().recipients()).containsExactlyInAnyOrder("police", "court", "petition",
                "grid", "legal-service", "trade-union", "womens-federation");
    }
}
