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
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/** The federation's referral, built from the policy view: no denied field, and §6 still holds on top of it. */
class WfSharingPropertyTest {

    private static final WomensFederationProperties PROPS = new WomensFederationProperties(null, null, null, null,
            null, null, null, 30, 24, null);

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

    @Provide
    Arbitrary<ObjectNode> disputes() {
        return SharingFixtures.disputes();
    }
}
