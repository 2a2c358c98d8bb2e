package cn.tongjie.hub.court;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import cn.tongjie.hub.common.IdNumbers;
import org.junit.jupiter.api.Test;
import tongliao.court.docking.v1.IdTypeType;

/** The court contract's ID rules (§5 "ID numbers") on top of the common GB 11643 / GB 32100 / GB 11714 checks. */
class IdNumbersCourtTest {

    private static final String USCC_CHARS = "0123456789ABCDEFGHJKLMNPQRTUWXY";

    /** The 17 characters followed by their correct GB 32100 check character (position 18). */
    static String withGb32100Check(String first17) {
        int s = 0;
        int w = 1;
        for (int i = 0; i < 17; i++) {
            s += USCC_CHARS.indexOf(first17.charAt(i)) * w;
            w = (w * 3) % 31;
        }
        return first17 + USCC_CHARS.charAt((31 - s % 31) % 31);
    }

    @Test
    void shouldAcceptALowerCaseFinalXAndNormaliseItToUpperCase() {
        assertThat(IdNumbers.normaliseResidentId("15232319881231039x")).isEqualTo("15232319881231039X");
        assertThat(IdNumbers.isValidResidentId("15232319881231039x")).as("the common check stays strict").isFalse();
        CourtChecks.idNumber(IdTypeType.ID_CARD, "15232319881231039x", "/f");
    }

    @Test
    void shouldRefuseFifteenDigitIdsAndImpossibleBirthDates() {
        assertFault(IdTypeType.ID_CARD, "152301820923051");
        // 1982-02-30 does not exist; check character computed for it
        String body = "15230119820230051";
        assertFault(IdTypeType.ID_CARD, body + IdNumbers.residentIdCheckChar(body));
    }

    @Test
    void shouldNotCheckTheRegionPrefix() {
        // 999999 is no GB/T 2260 region; only date and check character count
        String body = "99999919820923051";
        CourtChecks.idNumber(IdTypeType.ID_CARD, body + IdNumbers.residentIdCheckChar(body), "/f");
    }

    @Test
    void shouldRefuseAUsccWhoseOrganisationCodeCheckCharacterAtPosition17IsWrong() {
        String valid = "91150502MA0P2R8T2N";
        assertThat(IdNumbers.isValidUscc(valid)).isTrue();
        String wrong17 = withGb32100Check("91150502MA0P2R8T3");
        assertThat(IdNumbers.isValidUscc(wrong17)).isFalse();
        assertFault(IdTypeType.USCC, wrong17);
    }

    @Test
    void shouldCheckOrganisationCodesByGb11714() {
        // MA0P2R8T is the organisation-code body inside 91150502MA0P2R8T2N, whose check character is 2
        assertThat(IdNumbers.isValidOrgCode("MA0P2R8T2")).isTrue();
        assertThat(IdNumbers.isValidOrgCode("MA0P2R8T3")).isFalse();
        assertThat(IdNumbers.isValidOrgCode("MA0P2R8T")).isFalse();
        assertThat(IdNumbers.isValidOrgCode("ma0p2r8t2")).isFalse();
        CourtChecks.idNumber(IdTypeType.ORG_CODE, "MA0P2R8T2", "/f");
        assertFault(IdTypeType.ORG_CODE, "MA0P2R8T3");
    }

    @Test
    void shouldLeaveOtherIdTypesUnchecked() {
        CourtChecks.idNumber(IdTypeType.PASSPORT, "E1234", "/f");
        CourtChecks.idNumber(IdTypeType.HK_MO_PERMIT, "H00000000", "/f");
    }

    private static void assertFault(IdTypeType type, String number) {
        CourtFaultException f = catchThrowableOfType(CourtFaultException.class,
                () -> CourtChecks.idNumber(type, number, "/DelegateMediation/parties/party[2]/idNumber"));
        assertThat(f).as(number).isNotNull();
        assertThat(f.code()).isEqualTo(CourtResultCode.INVALID_ID_NUMBER);
        assertThat(f.field()).isEqualTo("/DelegateMediation/parties/party[2]/idNumber");
    }
}
