package cn.tongjie.hub.petition;

import cn.tongjie.hub.sharing.SharingFixtures;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.OffsetDateTime;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/** Petition feedback from the petition view: nothing of the dispute beyond the tracking id. */
class PetitionSharingPropertyTest {

    @Property(tries = 200)
    void feedbackCarriesNoFieldThePolicyDenies(@ForAll("disputes") ObjectNode dispute) {
        OffsetDateTime now = OffsetDateTime.parse("2026-11-28T10:00:00+08:00");
        String body = PetitionFeedback.body(SharingFixtures.policies().view(PetitionIntake.AGENCY, dispute),
                "XF150500202611280001", 2, "04", "某人民调解委员会", "调解成功。", now, now, "需延期").toString();
        SharingFixtures.assertNothingDeniedIn(PetitionIntake.AGENCY, dispute, body);
    }

    @Provide
    Arbitrary<ObjectNode> disputes() {
        return SharingFixtures.disputes();
    }
}
