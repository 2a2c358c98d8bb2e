package cn.tongjie.hub.tradeunion;

import cn.tongjie.hub.sharing.SharingFixtures;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.LocalDate;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/** The LDZY referral file (GB18030 CSV) as written for the union: no denied field of the dispute in any row. */
class UnionSharingPropertyTest {

    @Property(tries = 200)
    void referralFileCarriesNoFieldThePolicyDenies(@ForAll("disputes") ObjectNode dispute) {
        var rows = UnionReferrals.rows(SharingFixtures.assignment(dispute, UnionReferrals.AGENCY),
                SharingFixtures.policies().view(UnionReferrals.AGENCY, dispute), LocalDate.of(2026, 11, 28));
        String file = new String(ReferralFiles.render(rows), UnionCsv.GB18030);
        SharingFixtures.assertNothingDeniedIn(UnionReferrals.AGENCY, dispute, file);
    }

    @Provide
    Arbitrary<ObjectNode> disputes() {
        return SharingFixtures.disputes();
    }
}
