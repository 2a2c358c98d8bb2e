package cn.tongjie.hub.womensfederation;

import static org.assertj.core.api.Assertions.assertThat;

import cn.tongjie.hub.registry.Assignment;
import cn.tongjie.hub.sharing.SharingFixtures;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/** The federation's referral, built from the policy view: no denied field, and §6 still holds on top of it. */
class WfSharingPropertyTest {

    private static final WomensFederationProperties PROPS = new WomensFederationProperties(null, null, null, null,
            null, null, null, 30, 24, null, null);

    @Property(tries = 200)
    void referralCarriesNoFieldThePolicyDenies(@ForAll("disputes") ObjectNode dispute) {
        Assignment a = SharingFixtures.assignment(dispute, WfDelivery.AGENCY);
        // the delivery's own path: stored snapshot -> policy view -> §6 builder
        WfDelivery delivery = new WfDelivery(null, SharingFixtures.registryWith(dispute), null, null,
                new ObjectMapper(), PROPS, null, Clock.fixed(Instant.parse("2026-11-28T02:00:00Z"), ZoneOffset.UTC),
                SharingFixtures.policies());
        ObjectNode referral = delivery.referral(a);
        SharingFixtures.assertNothingDeniedIn(WfDelivery.AGENCY, dispute, referral.toString());
        assertThat(WfMinimisation.violations(referral)).isEmpty();
    }

    @Example
    void childsIdIsNeverSentButStillMarksAMinorInvolved() throws Exception {
        ObjectNode dispute = (ObjectNode) new ObjectMapper().readTree("""
                {"disputeId": "TJ-20261128-000009", "sourceChannel": "POLICE_HANDOVER", "sourceAgency": "police",
                 "sourceRef": "J1", "category": "MARRIAGE_FAMILY", "summary": "夫妻争吵", "regionCode": "150502",
                 "amount": 5000,
                 "parties": [
                   {"role": "APPLICANT", "partyType": "NATURAL_PERSON", "name": "王芳", "idType": "RESIDENT_ID",
                    "idNumber": "150502199001011232"},
                   {"role": "RESPONDENT", "partyType": "NATURAL_PERSON", "name": "赵强", "idType": "RESIDENT_ID",
                    "idNumber": "150502198505051233"},
                   {"role": "THIRD_PARTY", "partyType": "NATURAL_PERSON", "name": "赵小", "idType": "RESIDENT_ID",
                    "idNumber": "150502201801011230"}]}""");
        WfDelivery delivery = new WfDelivery(null, SharingFixtures.registryWith(dispute), null, null,
                new ObjectMapper(), PROPS, null, Clock.fixed(Instant.parse("2026-11-28T02:00:00Z"), ZoneOffset.UTC),
                SharingFixtures.policies());
        ObjectNode referral = delivery.referral(SharingFixtures.assignment(dispute, WfDelivery.AGENCY));
        assertThat(referral.toString()).doesNotContain("150502201801011230").doesNotContain("20180101")
                .doesNotContain("5000");
        assertThat(referral.at("/parties/2").has("id_number")).isFalse();
        assertThat(referral.at("/risk_flags/minor_involved").asBoolean()).as("age from the masked birth date").isTrue();
        assertThat(referral.at("/parties/0/id_number").asText()).isEqualTo("150502199001011232");
    }

    @Provide
    Arbitrary<ObjectNode> disputes() {
        return SharingFixtures.disputes();
    }
}
