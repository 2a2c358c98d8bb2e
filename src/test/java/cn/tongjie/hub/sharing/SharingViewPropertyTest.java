package cn.tongjie.hub.sharing;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Map;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/**
 * The enforcement point itself, for every recipient of the project's policy file: the view holds no value of a
 * denied or masked field, no field outside the policy's paths, and every allowed value (the policy is not stricter
 * than written either).
 */
class SharingViewPropertyTest {

    @Property(tries = 300)
    void viewHoldsExactlyWhatThePolicyAllows(@ForAll("disputes") ObjectNode dispute) {
        SharingPolicies policies = SharingFixtures.policies();
        for (String recipient : policies.recipients()) {
            JsonNode view = policies.view(recipient, dispute);
            SharingFixtures.assertNothingDeniedIn(recipient, dispute, view.toString());
            assertThat(SharingFixtures.leavesOutsidePolicy(policies.policy(recipient), view))
                    .as("%s view has only fields its policy names", recipient).isEmpty();
            Map<String, String> allowed = SharingFixtures.allowedValues(policies.policy(recipient), dispute);
            for (Map.Entry<String, String> e : allowed.entrySet()) {
                assertThat(view.toString()).as("%s may receive %s", recipient, e.getKey()).contains(e.getValue());
            }
        }
    }

    @Provide
    Arbitrary<ObjectNode> disputes() {
        return SharingFixtures.disputes();
    }
}
