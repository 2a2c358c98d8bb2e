package cn.tongjie.hub.legal;

import cn.tongjie.hub.mapping.MappingEngine;
import cn.tongjie.hub.mapping.MappingProperties;
import cn.tongjie.hub.sharing.SharingFixtures;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/** legal-service createCase, built by the real mapping from the policy view: no denied field reaches the committee. */
class LegalSharingPropertyTest {

    private static final MappingEngine MAPPINGS = new MappingEngine(new MappingProperties("classpath:mappings/"));

    @Property(tries = 200)
    void createCaseCarriesNoFieldThePolicyDenies(@ForAll("disputes") ObjectNode dispute) {
        // the delivery's own path: stored snapshot -> policy view -> mapping
        LegalDelivery delivery = new LegalDelivery(null, SharingFixtures.registryWith(dispute), MAPPINGS, null, null,
                new ObjectMapper(), null, null, null, SharingFixtures.policies());
        String body = delivery.requestBody(SharingFixtures.assignment(dispute, LegalDelivery.AGENCY));
        SharingFixtures.assertNothingDeniedIn(LegalDelivery.AGENCY, dispute, body);
    }

    @Provide
    Arbitrary<ObjectNode> disputes() {
        return SharingFixtures.disputes();
    }
}
