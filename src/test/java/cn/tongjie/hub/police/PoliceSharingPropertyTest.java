package cn.tongjie.hub.police;

import cn.tongjie.hub.canonical.EventData;
import cn.tongjie.hub.mapping.MappingEngine;
import cn.tongjie.hub.mapping.MappingProperties;
import cn.tongjie.hub.sharing.SharingFixtures;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.OffsetDateTime;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/** Police feedback, built by the real mapping from the police view: nothing of the dispute beyond the tracking id. */
class PoliceSharingPropertyTest {

    private static final MappingEngine MAPPINGS = new MappingEngine(new MappingProperties("classpath:mappings/"));

    @Property(tries = 200)
    void feedbackCarriesNoFieldThePolicyDenies(@ForAll("disputes") ObjectNode dispute) {
        String value = PoliceFeedback.feedbackValue(MAPPINGS,
                SharingFixtures.policies().view(HandoverIntake.AGENCY, dispute), "J150502202611280001", "SUCCESS",
                OffsetDateTime.parse("2026-11-28T10:00:00+08:00"), "某人民调解委员会", "调解成功。",
                new EventData.Mediator("M1", "调解员甲", "13700000000")).toString();
        SharingFixtures.assertNothingDeniedIn(HandoverIntake.AGENCY, dispute, value);
    }

    @Provide
    Arbitrary<ObjectNode> disputes() {
        return SharingFixtures.disputes();
    }
}
