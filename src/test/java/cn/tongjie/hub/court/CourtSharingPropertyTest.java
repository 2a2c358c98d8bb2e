package cn.tongjie.hub.court;

import cn.tongjie.hub.canonical.CanonicalDispute;
import cn.tongjie.hub.sharing.SharingFixtures;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import tongliao.court.docking.v1.ApplicantsType;
import tongliao.court.docking.v1.TransferForFilingType;

/**
 * The dispute part of the court's outbound messages (转立案 parties/summary/amount, 司法确认 applicants), built by the
 * real builders from the court's policy view: no denied field of the dispute reaches the court.
 */
class CourtSharingPropertyTest {

    private static final ObjectMapper MAPPER = new ObjectMapper();

    @Property(tries = 200)
    void transferAndConfirmationCarryNoFieldThePolicyDenies(@ForAll("disputes") ObjectNode dispute) throws Exception {
        CanonicalDispute view = CourtTransferSupport.dispute(MAPPER,
                SharingFixtures.policies().view("court", dispute));
        TransferForFilingType transfer = new TransferForFilingType();
        CourtTransfers.fromDispute(transfer, view, MAPPER.createObjectNode());
        ApplicantsType applicants = new ApplicantsType();
        CourtTransferSupport.persons(view, MAPPER.createObjectNode())
                .forEach(p -> applicants.getApplicant().add(JudicialConfirmations.applicant(p)));
        String out = MAPPER.writeValueAsString(transfer) + MAPPER.writeValueAsString(applicants);
        SharingFixtures.assertNothingDeniedIn("court", dispute, out);
    }

    @Provide
    Arbitrary<ObjectNode> disputes() {
        return SharingFixtures.disputes();
    }
}
